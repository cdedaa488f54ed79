using Codemate.Configuration;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>Issue #21: one process owns a state database; a second one refuses, and <c>codemate receive</c> hands its event to the owner.</summary>
[Collection(ServeCollection.Name)]
public sealed class StateOwnerTests : IAsyncLifetime
{
    private ServedWorld _served = null!;

    public async Task InitializeAsync() => _served = await ServedWorld.StartAsync();

    public async Task DisposeAsync()
    {
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }
    }

    private string StatePath => _served.World.Settings()[EnvironmentVariables.StatePath]!;

    [Fact]
    public async Task A_second_serve_on_the_same_state_database_refuses_in_one_line_naming_it()
    {
        var result = await _served.RunCliAsync("serve", "--urls", $"http://127.0.0.1:{CodemateCli.FreePort()}");

        var output = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode != 0, $"the second serve exited with 0.\n{output}");
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"codemate: The state database {StatePath} is in use by another Codemate process (pid {_served.Server.ProcessId}); one process runs its work. Stop that one, or set CODEMATE_STATE_PATH to another file.",
            line);
        Assert.True(result.StandardOutput.Trim().Length == 0, output);
        // The first server is unharmed.
        await _served.Server.GetHealthAsync();
    }

    [Fact]
    public async Task Receive_next_to_a_running_server_sends_the_event_to_it_and_waits_until_it_was_handled()
    {
        _served.World.Remote.OpenIssue(5, "Fix the thing", "It is broken.", TestWorld.Writer);
        var payload = _served.World.Root.Combine("opened.json");
        await File.WriteAllTextAsync(payload, WebhookPayloads.IssuesEvent("opened", _served.Owner, _served.Repo, 5, "Fix the thing", "It is broken.", TestWorld.Writer));

        var result = await _served.RunCliAsync("receive", "--event", "issues", "--payload", payload, "--delivery", "from-receive-1");

        var output = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode == 0, output);
        Assert.Contains("202 accepted", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"(pid {_served.Server.ProcessId}) runs the event; sending it to {_served.Server.BaseAddress}webhook", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("done.", result.StandardError, StringComparison.Ordinal);
        var messages = await _served.AgentLog(5).WaitForMessagesAsync(1);
        Assert.Contains("Fix the thing", messages[0], StringComparison.Ordinal);
    }
}
