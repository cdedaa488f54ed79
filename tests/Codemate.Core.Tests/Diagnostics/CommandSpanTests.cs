using System.Diagnostics;
using Codemate.Diagnostics;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Diagnostics;

/// <summary>git and tmux commands appear as child spans of the work that ran them, named by subcommand only.</summary>
public sealed class CommandSpanTests
{
    private const string Secret = "ghp_notARealTokenButLooksLikeOne0000000000";

    [Fact]
    public async Task Each_git_command_is_a_child_span_with_its_subcommand_and_no_other_argument()
    {
        using var temp = new TempDirectory("git-spans");
        using var spans = new SpanRecorder();
        var runner = new CliGitRunner(Options.Create(new WorkspaceOptions()), CodemateMetrics.Standalone(), NullLogger<CliGitRunner>.Instance);

        using (spans.Parent())
        {
            await runner.RunAsync(new GitCommand(temp.Path, ["init", "--quiet", temp.Path]), CancellationToken.None);
            await runner.RunAsync(new GitCommand(temp.Path, ["rev-parse", "--verify", Secret]) { AllowFailure = true }, CancellationToken.None);
        }

        var children = spans.Children();
        Assert.Equal(["init", "rev-parse"], children.Select(s => s.GetTagItem("codemate.git.command")));
        Assert.All(children, s => Assert.Equal(CommandSpan.GitName, s.OperationName));
        Assert.Equal(ActivityStatusCode.Unset, children[0].Status);
        Assert.Equal(ActivityStatusCode.Error, children[1].Status);
        Assert.NotEqual(0, children[1].GetTagItem("process.exit.code"));
        SpanRecorder.AssertNothingHolds(children, Secret);
        SpanRecorder.AssertNothingHolds(children, temp.Path);
    }

    [Fact]
    public async Task Each_tmux_command_is_a_child_span_and_the_text_typed_into_an_agent_is_not_in_it()
    {
        using var root = new TempDirectory("cm-tmux-spans");
        var host = new TmuxSessionHost(Options.Create(new AgentOptions { TmuxSocketPath = root.Combine("tmux") }), AgentEnvironment.AllowListOnly);
        const string session = "claude-octo-spans-1";
        using var spans = new SpanRecorder();
        try
        {
            using (spans.Parent())
            {
                await host.StartAsync(new SessionLaunch(session, root.Path, ["sleep", "60"], new Dictionary<string, string> { ["SOME_VALUE"] = Secret }), CancellationToken.None);
                await host.SendTextAsync(session, "please use " + Secret, CancellationToken.None);
                await host.IsAliveAsync("claude-octo-spans-missing", CancellationToken.None);
            }
        }
        finally
        {
            await host.StopAsync(session, CancellationToken.None);
        }

        var children = spans.Children();
        Assert.Equal(["new-session", "load-buffer", "paste-buffer", "send-keys", "display-message"], children.Select(s => s.GetTagItem("codemate.tmux.command")));
        Assert.All(children, s => Assert.Equal(CommandSpan.TmuxName, s.OperationName));
        SpanRecorder.AssertNothingHolds(children, Secret);
        SpanRecorder.AssertNothingHolds(children, session);
    }

    /// <summary>Records Codemate's spans that are children of one test's own parent, whatever else runs meanwhile.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private const string TestSourceName = "Codemate.Tests.CommandSpans";
        private static readonly ActivitySource TestSource = new(TestSourceName);
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = [];
        private ActivityTraceId _trace;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is CodemateTelemetry.ActivitySourceName or TestSourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Activity Parent()
        {
            var parent = TestSource.StartActivity("test") ?? throw new InvalidOperationException("The test source is not sampled.");
            _trace = parent.TraceId;
            return parent;
        }

        public List<Activity> Children()
        {
            lock (_stopped)
            {
                return [.. _stopped.Where(a => a.TraceId == _trace && a.Source.Name == CodemateTelemetry.ActivitySourceName).OrderBy(a => a.StartTimeUtc)];
            }
        }

        public static void AssertNothingHolds(IEnumerable<Activity> spans, string text)
        {
            foreach (var span in spans)
            {
                Assert.DoesNotContain(text, span.DisplayName, StringComparison.Ordinal);
                Assert.All(span.TagObjects, tag => Assert.DoesNotContain(text, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal));
                Assert.DoesNotContain(text, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
