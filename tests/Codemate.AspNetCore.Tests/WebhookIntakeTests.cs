using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Codemate.Issues;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.AspNetCore.Tests;

public sealed class WebhookIntakeTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private readonly HandledWork _handled = new();
    private CodemateTestHost _host = null!;
    private WebhookSender _github = null!;

    public async Task InitializeAsync()
    {
        _host = await CodemateTestHost.StartAsync(
            TestSettings.Minimal(_root),
            codemate => codemate.UseIssueHandler<RecordingIssueHandler>(),
            services => services.AddSingleton(_handled));
        _github = new WebhookSender(_host.Client, TestSettings.Secret);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task An_opened_issue_is_accepted_with_202_and_handed_to_the_handler()
    {
        using var response = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "hello.world", 7, title: "Add docs", body: "Please"));

        await AssertAnswer(response, HttpStatusCode.Accepted, "accepted", "octo/hello.world#7");
        await _handled.WaitForCompletedAsync(1);
        var work = Assert.IsType<IssueOpened>(Assert.Single(_handled.Completed));
        Assert.Equal("octo/hello.world#7", work.Issue.ToString());
        Assert.Equal("Add docs", work.Details.Title);
        Assert.Equal("Please", work.Details.Body);
        Assert.Equal("alice", work.Details.Author);
    }

    [Fact]
    public async Task A_missing_signature_is_answered_401_saying_so()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        using var response = await new WebhookSender(_host.Client, secret: null).SendRawAsync("issues", body, "d-1", signature: null);

        await AssertAnswer(response, HttpStatusCode.Unauthorized, "unauthorized", "Missing X-Hub-Signature-256");
        Assert.Empty(_handled.Events);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_answered_401()
    {
        using var response = await new WebhookSender(_host.Client, "not-the-secret").SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 1));

        await AssertAnswer(response, HttpStatusCode.Unauthorized, "unauthorized", "does not match");
    }

    [Fact]
    public async Task A_malformed_signature_header_is_answered_401()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        using var response = await _github.SendRawAsync("issues", body, "d-2", signature: "sha1=abc");

        await AssertAnswer(response, HttpStatusCode.Unauthorized, "unauthorized", "Malformed");
    }

    [Fact]
    public async Task A_missing_event_header_is_answered_400()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        using var response = await _github.SendRawAsync(null, body, "d-3", signature: null);

        await AssertAnswer(response, HttpStatusCode.BadRequest, "badrequest", "X-GitHub-Event");
    }

    [Fact]
    public async Task A_missing_delivery_header_is_answered_400()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        using var response = await _github.SendRawAsync("issues", body, deliveryId: null, signature: null);

        await AssertAnswer(response, HttpStatusCode.BadRequest, "badrequest", "X-GitHub-Delivery");
    }

    [Theory]
    [InlineData("[1,2,3]", "must be a JSON object")]
    [InlineData("\"text\"", "must be a JSON object")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public async Task A_body_that_is_not_a_JSON_object_is_answered_400(string body, string expected)
    {
        using var response = await _github.SendAsync("issues", body);

        await AssertAnswer(response, HttpStatusCode.BadRequest, "badrequest", expected);
    }

    [Fact]
    public async Task Deeply_nested_JSON_is_answered_400_naming_the_depth_limit()
    {
        var body = new string('[', 100) + new string(']', 100);
        using var response = await _github.SendAsync("issues", "{\"a\":" + body + "}");

        await AssertAnswer(response, HttpStatusCode.BadRequest, "badrequest", "deeper than 64");
    }

    [Fact]
    public async Task A_body_over_25_MiB_is_answered_413()
    {
        var body = new byte[(25 * 1024 * 1024) + 1];
        using var response = await _github.SendRawAsync("issues", body, "d-big", signature: "sha256=" + new string('0', 64));

        await AssertAnswer(response, HttpStatusCode.RequestEntityTooLarge, "payloadtoolarge", "larger than");
    }

    [Fact]
    public async Task A_chunked_body_over_25_MiB_is_answered_413_without_a_declared_length()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook")
        {
            Content = new StreamContent(new ZeroStream((25L * 1024 * 1024) + 4096)),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", "d-chunked");
        using var response = await _host.Client.SendAsync(request);

        await AssertAnswer(response, HttpStatusCode.RequestEntityTooLarge, "payloadtoolarge", "larger than");
    }

    [Fact]
    public async Task Deliveries_of_different_sizes_each_reach_the_handler_with_only_their_own_text()
    {
        // Bodies are read into pooled buffers, reused from one delivery to the next (larger than the read, and not
        // cleared); the largest is past what is pooled and gets its own array.
        int[] sizes = [40_000, 300, 12_000, 2 * 1024 * 1024, 500, 40_000];
        for (var i = 0; i < sizes.Length; i++)
        {
            var text = new string((char)('a' + i), sizes[i]);
            using var response = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 10 + i, commentBody: text));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await _handled.WaitForCompletedAsync(sizes.Length);
        for (var i = 0; i < sizes.Length; i++)
        {
            var comment = Assert.IsType<IssueCommentCreated>(Assert.Single(_handled.Completed, work => work.Issue.Number == 10 + i));
            Assert.Equal(new string((char)('a' + i), sizes[i]), comment.Body);
        }
    }

    [Fact]
    public async Task A_chunked_delivery_without_a_declared_length_is_accepted()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 8, title: "Chunked"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new StreamContent(new MemoryStream(body)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", "d-chunked-small");
        request.Headers.Add("X-Hub-Signature-256", Codemate.Webhooks.WebhookSignature.Sign(TestSettings.Secret, body));
        using var response = await _host.Client.SendAsync(request);

        await AssertAnswer(response, HttpStatusCode.Accepted, "accepted", "o/r#8");
        await _handled.WaitForCompletedAsync(1);
        Assert.Equal("Chunked", Assert.IsType<IssueOpened>(Assert.Single(_handled.Completed)).Details.Title);
    }

    [Fact]
    public async Task Ping_is_answered_200_pong()
    {
        using var response = await _github.SendAsync("ping", WebhookPayloads.Ping());

        await AssertAnswer(response, HttpStatusCode.OK, "pong", "pong");
    }

    [Theory]
    [InlineData("issues", "edited")]
    [InlineData("issue_comment", "deleted")]
    [InlineData("push", null)]
    public async Task Unhandled_events_are_answered_200_saying_they_were_ignored(string @event, string? action)
    {
        var body = action is null ? "{\"ref\":\"refs/heads/main\"}" : WebhookPayloads.IssuesEvent(action, "o", "r", 1);
        using var response = await _github.SendAsync(@event, body);

        await AssertAnswer(response, HttpStatusCode.OK, "ignored", $"event '{@event}'");
        Assert.Empty(_handled.Events);
    }

    [Theory]
    [InlineData("dependabot[bot]", "Bot")]
    [InlineData("renovate[bot]", "User")]
    [InlineData("ci-helper", "Bot")]
    public async Task Comments_by_bots_are_skipped(string login, string type)
    {
        using var response = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 1, "beep", login, type));

        await AssertAnswer(response, HttpStatusCode.OK, "ignored", "bot");
        Assert.Empty(_handled.Events);
    }

    [Fact]
    public async Task Comments_on_pull_requests_codemate_did_not_open_are_skipped()
    {
        using var response = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 3, "LGTM", onPullRequest: true));

        await AssertAnswer(response, HttpStatusCode.OK, "ignored", "not a pull request Codemate opened");
        Assert.Empty(_handled.Events);
    }

    [Fact]
    public async Task A_null_comment_body_reaches_the_handler_as_an_empty_string()
    {
        using var response = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 2, commentBody: null));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _handled.WaitForCompletedAsync(1);
        var comment = Assert.IsType<IssueCommentCreated>(Assert.Single(_handled.Completed));
        Assert.Equal(string.Empty, comment.Body);
        Assert.Equal("bob", comment.Author.Login);
    }

    [Fact]
    public async Task A_redelivered_delivery_id_is_handled_once_and_answered_200_duplicate()
    {
        var body = WebhookPayloads.IssuesEvent("opened", "o", "r", 5);
        using var first = await _github.SendAsync("issues", body, "same-delivery");
        using var second = await _github.SendAsync("issues", body, "same-delivery");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await AssertAnswer(second, HttpStatusCode.OK, "duplicate", "same-delivery");
        await _handled.WaitForCompletedAsync(1);
        await Task.Delay(200);
        Assert.Single(_handled.Completed);
    }

    [Fact]
    public async Task A_form_encoded_delivery_is_read_from_its_payload_field()
    {
        var form = "payload=" + Uri.EscapeDataString(WebhookPayloads.IssuesEvent("opened", "o", "r", 9));
        using var response = await _github.SendRawAsync("issues", Encoding.UTF8.GetBytes(form), "d-form", signature: null, contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _handled.WaitForCompletedAsync(1);
        Assert.Equal(9, Assert.Single(_handled.Completed).Issue.Number);
    }

    [Fact]
    public async Task An_unsupported_content_type_is_answered_415_naming_application_json()
    {
        using var response = await _github.SendRawAsync("issues", Encoding.UTF8.GetBytes("<xml/>"), "d-xml", signature: null, contentType: "application/xml");

        await AssertAnswer(response, HttpStatusCode.UnsupportedMediaType, "unsupportedmediatype", "application/json");
    }

    [Theory]
    [InlineData("../etc", "r")]
    [InlineData("o", "..")]
    [InlineData("o", "a/b")]
    [InlineData("-bad", "r")]
    public async Task An_invalid_owner_or_repository_name_is_answered_400(string owner, string repo)
    {
        using var response = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", owner, repo, 1));

        await AssertAnswer(response, HttpStatusCode.BadRequest, "badrequest", "not a valid GitHub");
        Assert.Empty(_handled.Events);
    }

    [Fact]
    public async Task Events_for_one_issue_run_in_order_and_never_overlap_while_other_issues_run_alongside()
    {
        // Issue 1's first comment is held until issue 2 has been handled: were issues run one after another, neither
        // could finish. Issue 1's comments take a while each, so that two of them running at once would show.
        var issueTwoHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handled.Work = async (work, cancellationToken) =>
        {
            if (work.Issue.Number == 2)
            {
                issueTwoHandled.TrySetResult();
                return;
            }

            if (work is IssueCommentCreated { CommentId: 100 })
            {
                await issueTwoHandled.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            }

            await Task.Delay(50, cancellationToken);
        };
        for (var i = 0; i < 4; i++)
        {
            using var r = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 1, $"comment {i}", commentId: 100 + i));
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        }

        using (var other = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 2)))
        {
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        }

        await _handled.WaitForCompletedAsync(5);
        var issueOne = _handled.Events.Where(e => e.Work.Issue.Number == 1).ToList();
        Assert.Equal(
            ["start:100", "end:100", "start:101", "end:101", "start:102", "end:102", "start:103", "end:103"],
            issueOne.Select(e => $"{e.Phase}:{((IssueCommentCreated)e.Work).CommentId}"));

        var events = _handled.Events.ToList();
        var issueTwoStart = events.FindIndex(e => e.Phase == "start" && e.Work.Issue.Number == 2);
        var issueOneFirstEnd = events.FindIndex(e => e.Phase == "end" && e.Work.Issue.Number == 1);
        Assert.True(issueTwoStart < issueOneFirstEnd, "issue 2 waited for issue 1");
    }

    private static async Task AssertAnswer(HttpResponseMessage response, HttpStatusCode status, string outcome, string messageContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(outcome, json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains(messageContains, json.RootElement.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
