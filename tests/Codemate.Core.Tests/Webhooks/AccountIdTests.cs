using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

/// <summary>Account ids travel from the payload into recorded work, and work recorded before them still reads.</summary>
public sealed class AccountIdTests
{
    [Fact]
    public void The_sender_the_comment_author_and_the_issue_author_keep_their_account_ids()
    {
        var payload = JsonNode.Parse(WebhookPayloads.IssueCommentEvent("created", "octo", "app", 3, "do it", commenter: "bob", issueAuthor: "alice"))!;
        payload["sender"]!["id"] = 11;
        payload["comment"]!["user"]!["id"] = 22;
        payload["issue"]!["user"]!["id"] = 33;

        Assert.True(EventRouter.TryRouteInOnePass("issue_comment", Encoding.UTF8.GetBytes(payload.ToJsonString()), 64, "d-1", out var routed));

        var comment = Assert.IsType<IssueCommentCreated>(routed.Work);
        Assert.Equal(11, comment.Sender.Id);
        Assert.Equal(22, comment.Author.Id);
        Assert.Equal(33, comment.Details.AuthorId);
    }

    [Fact]
    public void Work_recorded_without_account_ids_reads_with_none()
    {
        const string recorded = """
            {"kind":"issue_opened","issue":{"repository":"octo/app","number":3},
             "details":{"title":"t","body":"b","author":"alice","htmlUrl":"","labels":[]},
             "deliveryId":"d-old","sender":{"login":"alice","isBot":false}}
            """;

        var work = JsonSerializer.Deserialize<IssueWork>(recorded, StateJson.Options);

        Assert.NotNull(work);
        Assert.Null(work.Sender.Id);
        Assert.Null(work.Details.AuthorId);
        Assert.Equal("alice", work.Sender.Login);
    }
}
