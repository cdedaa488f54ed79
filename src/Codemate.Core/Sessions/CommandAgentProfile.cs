using Codemate.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// <c>CODEMATE_AGENT=command</c>: runs <c>CODEMATE_AGENT_COMMAND</c> in the workspace. The command is one
/// string, so tmux runs it through the shell, as it does for any single-argument command.
/// </summary>
internal sealed class CommandAgentProfile(IOptions<AgentOptions> options) : IAgentProfile
{
    public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken)
    {
        var command = options.Value.Command;
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new CodemateException($"{EnvironmentVariables.AgentCommand} is not set; the command agent profile has nothing to run.");
        }

        return Task.FromResult(new SessionLaunch(context.SessionName, context.Session.Workspace, [command], SessionEnvironment.For(context)));
    }
}
