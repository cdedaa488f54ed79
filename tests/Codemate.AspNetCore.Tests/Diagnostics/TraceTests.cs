using System.Diagnostics;
using System.Net;
using Codemate.AspNetCore.Tests.Security;
using Codemate.Diagnostics;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Codemate.AspNetCore.Tests.Diagnostics;

/// <summary>One accepted issue is one trace: from the webhook, through the durable queue, into git, GitHub and tmux.</summary>
public sealed class TraceTests : IDisposable
{
    private readonly SpanLog _spans = new();
    private readonly TracerProvider _tracing;
    private readonly TempDirectory _root = new();

    // Spans of other tests running beside these land here too: each test looks only at its own repository's.
    public TraceTests() => _tracing = Sdk.CreateTracerProviderBuilder()
        .AddSource(CodemateTelemetry.ActivitySourceName)
        .SetSampler(new AlwaysOnSampler())
        .AddInMemoryExporter(_spans)
        .Build()!;

    [Fact]
    public async Task An_accepted_issue_is_one_trace_from_the_webhook_to_the_agent_receiving_its_task()
    {
        await using var world = await TestWorld.CreateAsync("octo", "traced");
        await using var host = await CodemateTestHost.StartAsync(world.Settings());
        await new Flow(world, host).OpenIssueAsync(3);
        await world.AgentLog(3).WaitForMessagesAsync(1);

        var names = new[] { "codemate.webhook.receive", "codemate.work", "codemate.workspace.prepare", "codemate.pull_request.open", "codemate.agent.start", "codemate.agent.deliver" };
        await Eventually.WaitAsync(() => names.All(n => Spans("octo/traced").Any(s => s.DisplayName == n)), "every step's span");
        var spans = Spans("octo/traced");
        var receive = spans.Single(s => s.DisplayName == "codemate.webhook.receive");
        Assert.All(names, n => Assert.Equal(receive.TraceId, spans.First(s => s.DisplayName == n).TraceId));
        var work = spans.Single(s => s.DisplayName == "codemate.work");
        Assert.Equal(receive.SpanId, work.ParentSpanId);
        Assert.Equal(work.SpanId, spans.Single(s => s.DisplayName == "codemate.workspace.prepare").ParentSpanId);
        Assert.Equal(3, work.GetTagItem("codemate.issue"));
        Assert.NotNull(work.GetTagItem("codemate.delivery_id"));
        Assert.All(spans.SelectMany(s => s.TagObjects), tag => Assert.DoesNotContain(TestSettings.Token, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));

        // git and tmux commands are child spans of the step that ran them, in the same trace.
        var prepare = spans.Single(s => s.DisplayName == "codemate.workspace.prepare");
        var start = spans.Single(s => s.DisplayName == "codemate.agent.start");
        var commands = _spans.Where(s => s.TraceId == receive.TraceId && s.DisplayName is CommandSpan.GitName or CommandSpan.TmuxName).ToList();
        Assert.Contains(commands, s => s.ParentSpanId == prepare.SpanId && s.DisplayName == CommandSpan.GitName && s.GetTagItem("codemate.git.command") is string);
        Assert.Contains(commands, s => s.ParentSpanId == start.SpanId && (string?)s.GetTagItem("codemate.tmux.command") == "new-session");
        Assert.All(commands.SelectMany(s => s.TagObjects), tag => Assert.DoesNotContain(TestSettings.Token, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Work_resumed_after_a_restart_continues_the_trace_of_the_delivery_that_brought_it()
    {
        var settings = TestSettings.Minimal(_root);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var first = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<BlockingHandler>(), s => s.AddSingleton(started)))
        {
            using var response = await new WebhookSender(first.Client, TestSettings.Secret).SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "restart", "traced", 11), "delivery-traced-11");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var handled = new HandledWork();
        await using var second = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<RecordingIssueHandler>(), s => s.AddSingleton(handled));
        await handled.WaitForCompletedAsync(1);

        await Eventually.WaitAsync(() => Spans("restart/traced").Count(s => s.DisplayName == "codemate.work") == 2, "the interrupted run's span and the resumed run's");
        var receive = Spans("restart/traced").Single(s => s.DisplayName == "codemate.webhook.receive");
        Assert.All(Spans("restart/traced").Where(s => s.DisplayName == "codemate.work"), work =>
        {
            Assert.Equal(receive.TraceId, work.TraceId);
            Assert.Equal(receive.SpanId, work.ParentSpanId);
        });
    }

    private List<Activity> Spans(string repository) =>
        [.. _spans.Where(s => (s.GetTagItem("codemate.repository") as string) == repository)];

    public void Dispose()
    {
        _tracing.Dispose();
        _root.Dispose();
    }

    /// <summary>The exporter adds spans from the threads that end them while the test reads.</summary>
    private sealed class SpanLog : ICollection<Activity>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Activity> _spans = new();

        public int Count => _spans.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => _spans.Enqueue(item);

        public void Clear() => throw new NotSupportedException();

        public bool Contains(Activity item) => _spans.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => _spans.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => _spans.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class BlockingHandler(TaskCompletionSource started) : IIssueHandler
    {
        public async Task HandleAsync(IssueWork work, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
