using Codemate.Sessions;
using Codemate.Testing;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

/// <summary>A pasted prompt that an agent left in its input box is submitted again, for agents that say when they take one.</summary>
public sealed class SubmitConfirmationTests
{
    // Takes the first line it reads as the paste whose Enter got lost: only the next Enter makes it report busy.
    private const string SlowToTakeAgent =
        "printf idle > \"$CODEMATE_STATUS_FILE\"; IFS= read -r pasted; IFS= read -r again; "
        + "printf '%s|%s' \"$pasted\" \"$again\" > taken.txt; printf busy > \"$CODEMATE_STATUS_FILE\"; sleep 600";

    [Fact]
    public async Task A_prompt_the_agent_did_not_take_is_submitted_again_with_Enter()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        harness.AgentOptions.Command = SlowToTakeAgent;
        var supervisor = harness.NewSupervisor(agentProfile: new ConfirmingProfile(new CommandAgentProfile(Options.Create(harness.AgentOptions))));
        var context = await harness.ContextAsync(SessionHarness.Issue("o", "r", 1));
        await supervisor.EnqueueAsync(context.Issue, "the task", CancellationToken.None);

        await supervisor.StartSessionAsync(context, CancellationToken.None);

        var taken = Path.Combine(context.Workspace, "taken.txt");
        await Eventually.WaitAsync(() => File.Exists(taken), "the agent to take the prompt", TimeSpan.FromSeconds(20));
        Assert.Equal("the task|", await File.ReadAllTextAsync(taken));
    }

    private sealed class ConfirmingProfile(IAgentProfile inner) : IAgentProfile
    {
        public bool ConfirmsSubmit => true;

        public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken) =>
            inner.CreateLaunchAsync(context, cancellationToken);
    }
}
