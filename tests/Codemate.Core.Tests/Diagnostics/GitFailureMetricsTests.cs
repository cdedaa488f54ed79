using Codemate.Diagnostics;
using Codemate.Testing;
using Codemate.Workspaces;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Diagnostics;

public sealed class GitFailureMetricsTests
{
    [Fact]
    public async Task A_failing_git_command_is_counted_by_its_subcommand_and_kind()
    {
        using var temp = new TempDirectory("git-metrics");
        var metrics = CodemateMetrics.Standalone();
        using var failures = new MetricCollector<long>(metrics.Meter, "codemate.git.failures");
        var runner = new CliGitRunner(Options.Create(new WorkspaceOptions()), metrics, NullLogger<CliGitRunner>.Instance);

        await Assert.ThrowsAsync<GitCommandException>(() => runner.RunAsync(new GitCommand(temp.Path, ["rev-parse", "--verify", "no-such-ref"]), CancellationToken.None));
        await runner.RunAsync(new GitCommand(temp.Path, ["rev-parse", "--verify", "no-such-ref"]) { AllowFailure = true }, CancellationToken.None);

        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("rev-parse", failure.Tags["command"]);
        Assert.Equal("exit_code", failure.Tags["kind"]);
    }
}
