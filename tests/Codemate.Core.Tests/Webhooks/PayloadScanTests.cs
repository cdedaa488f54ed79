using System.Text;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

public sealed class PayloadScanTests
{
    private static PayloadScan Scan(string json, int maxDepth = 64) => PayloadScan.Read(Encoding.UTF8.GetBytes(json), maxDepth);

    [Fact]
    public void The_top_level_action_is_found_wherever_it_appears()
    {
        Assert.Equal("created", Scan("""{"issue":{"number":1},"action":"created"}""").Action);
        Assert.Equal("opened", Scan("""{"action":"opened","issue":{}}""").Action);
    }

    [Fact]
    public void An_action_nested_inside_another_object_is_not_the_event_action()
    {
        var scan = Scan("""{"check_run":{"action":"rerequested"},"sender":{"login":"a"}}""");

        Assert.Null(scan.Error);
        Assert.Null(scan.Action);
    }

    [Fact]
    public void A_non_string_action_counts_as_none()
    {
        Assert.Null(Scan("""{"action":{"name":"x"}}""").Action);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"action\":\"opened\"")]
    [InlineData("{\"action\":\"opened\"} trailing")]
    [InlineData("[1,2")]
    [InlineData("{\"a\":1,}")]
    public void Malformed_json_anywhere_in_the_body_is_not_valid_json(string body)
    {
        Assert.Equal("Body is not valid JSON.", Scan(body).Error);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public void Well_formed_json_that_is_not_an_object_is_named_as_such(string body)
    {
        Assert.Equal("Body must be a JSON object.", Scan(body).Error);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_names_the_limit()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 10)) + string.Concat(Enumerable.Repeat("]", 10)) + "}";

        Assert.Equal("Body nests JSON deeper than 8 levels.", Scan(deep, maxDepth: 8).Error);
        Assert.Null(Scan(deep, maxDepth: 64).Error);
    }

    [Fact]
    public void An_action_that_is_not_valid_utf8_is_not_valid_json()
    {
        byte[] body = [.. "{\"action\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Equal("Body is not valid JSON.", PayloadScan.Read(body, 64).Error);
    }

    [Fact]
    public void The_pull_request_head_branch_is_read_from_its_place_only()
    {
        Assert.Equal("issue-4", Scan("""{"action":"closed","pull_request":{"base":{"ref":"main"},"head":{"ref":"issue-4","repo":{"ref":"x"}}}}""").HeadRef);
        Assert.Null(Scan("""{"head":{"ref":"issue-4"},"pull_request":{"title":"t"}}""").HeadRef);
    }

    [Fact]
    public void A_closed_pull_request_on_another_branch_is_ignored_without_reading_the_rest()
    {
        // A title the typed read would refuse: the branch alone decides, so the rest is never read.
        var json = Encoding.UTF8.GetBytes("""{"action":"closed","pull_request":{"head":{"ref":"feature/x"},"title":42}}""");

        var routed = EventRouter.Route("pull_request", PayloadScan.Read(json, 64), json, "d1");

        Assert.Null(routed.Error);
        Assert.Contains("feature/x", routed.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handled_event_whose_field_has_the_wrong_type_is_invalid_not_a_crash()
    {
        var json = Encoding.UTF8.GetBytes("""{"action":"opened","issue":{"number":"one"},"repository":{"name":"r","owner":{"login":"o"}}}""");

        var routed = EventRouter.Route("issues", PayloadScan.Read(json, 64), json, "d1");

        Assert.Contains("does not match GitHub's schema", routed.Error, StringComparison.Ordinal);
        Assert.Contains("$.issue.number", routed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_field_Codemate_does_not_read_does_not_reject_the_delivery()
    {
        var json = Encoding.UTF8.GetBytes("""{"action":"opened","issue":{"number":7,"title":"t","created_at":"not-a-date","reactions":{"+1":"many"}},"repository":{"name":"r","owner":{"login":"o"}},"sender":{"login":"u","type":"User"}}""");

        var routed = EventRouter.Route("issues", PayloadScan.Read(json, 64), json, "d1");

        Assert.Null(routed.Error);
        Assert.Equal(7, routed.Work!.Issue.Number);
        Assert.Equal("o/r", routed.Work.Issue.Repository.FullName);
    }

    [Theory]
    [InlineData("issues", "opened")]
    [InlineData("issues", "labeled")]
    [InlineData("issue_comment", "created")]
    public void The_one_pass_read_of_a_handled_event_yields_the_same_work_as_scan_then_route(string eventName, string action)
    {
        var json = Encoding.UTF8.GetBytes(eventName == "issues"
            ? Codemate.Testing.Webhooks.WebhookPayloads.IssuesEvent(action, "o", "r", 3, body: "Ünïcödé 🙂 body", labels: ["bug", "codemate"], label: "codemate", installationId: 42)
            : Codemate.Testing.Webhooks.WebhookPayloads.IssueCommentEvent(action, "o", "r", 3, "a comment — 🙂", installationId: 42));

        Assert.True(EventRouter.TryRouteInOnePass(eventName, json, 64, "d1", out var onePass));
        var twoPass = EventRouter.Route(eventName, PayloadScan.Read(json, 64), json, "d1");

        Assert.NotNull(onePass.Work);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(twoPass.Work, Codemate.State.StateJson.Options),
            System.Text.Json.JsonSerializer.Serialize(onePass.Work, Codemate.State.StateJson.Options));
        Assert.Equal(42, onePass.Work.InstallationId);
    }

    [Theory]
    [InlineData("""{"issue":{},"action":"opened"}""")]
    [InlineData("""[{"action":"opened"}]""")]
    [InlineData("""{"action":"edited","issue":{}}""")]
    [InlineData("""{"action":"opened","issue":{"number":"x"}}""")]
    public void Bodies_the_one_pass_read_cannot_settle_go_to_the_scan(string body)
    {
        Assert.False(EventRouter.TryRouteInOnePass("issues", Encoding.UTF8.GetBytes(body), 64, "d1", out _));
    }

    [Theory]
    [InlineData("closed", false)]
    [InlineData("deleted", false)]
    [InlineData("opened", true)]
    public void A_repeated_action_settles_in_one_pass_only_when_the_last_one_is_the_first(string last, bool onePass)
    {
        var json = Encoding.UTF8.GetBytes(Codemate.Testing.Webhooks.WebhookPayloads.IssuesEvent("opened", "o", "r", 3)[..^1] + $",\"action\":\"{last}\"}}");

        Assert.Equal(onePass, EventRouter.TryRouteInOnePass("issues", json, 64, "d1", out _));
        var scanned = EventRouter.Route("issues", PayloadScan.Read(json, 64), json, "d1");
        Assert.Equal(last == "deleted" ? null : "Issue" + char.ToUpperInvariant(last[0]) + last[1..], scanned.Work?.GetType().Name);
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void The_one_pass_read_holds_a_configured_depth_other_than_the_default(int depth, bool settles)
    {
        // The payload's own nesting is 4 (issue.labels[].name); the extra field nests 'depth' levels below the root.
        var json = Encoding.UTF8.GetBytes(Codemate.Testing.Webhooks.WebhookPayloads.IssuesEvent("opened", "o", "r", 3)[..^1]
            + ",\"extra\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}");

        Assert.Equal(settles, EventRouter.TryRouteInOnePass("issues", json, 10, "d1", out _));
        Assert.Equal(settles, PayloadScan.Read(json, 10).Error is null);
        Assert.True(EventRouter.TryRouteInOnePass("issues", json, 64, "d1", out _));
    }

    [Fact]
    public void The_typed_read_takes_each_field_from_its_place_in_GitHubs_payload()
    {
        var json = Encoding.UTF8.GetBytes(Codemate.Testing.Webhooks.WebhookPayloads.IssueCommentEvent("created", "octo", "shop", 9, "do it", commenter: "bob", installationId: 77, issueAuthor: "alice"));

        Assert.True(EventRouter.TryRouteInOnePass("issue_comment", json, 64, "d1", out var routed));
        var comment = Assert.IsType<Codemate.Issues.IssueCommentCreated>(routed.Work);
        Assert.Equal(("octo/shop", 9, 77L), (comment.Issue.Repository.FullName, comment.Issue.Number, comment.InstallationId!.Value));
        Assert.Equal(("do it", "bob", 777L), (comment.Body, comment.Author.Login, comment.CommentId));
        Assert.Equal(("Fix the thing", "It is broken.", "alice"), (comment.Details.Title, comment.Details.Body, comment.Details.Author));
        Assert.Equal("https://github.com/o/r/issues/9", comment.Details.HtmlUrl);
    }
}
