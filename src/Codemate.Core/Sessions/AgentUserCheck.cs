using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// At startup, before anything else runs (and before root could create files a normal user cannot write later):
/// refuses to start Claude Code as root, which it would refuse at once, and warns once the host has started when any
/// other agent will run as root (a start that fails for another reason stays one line). Not an options validator:
/// reading the agent options must keep working for the operator commands.
/// </summary>
internal sealed partial class AgentUserCheck(
    IAgentUser user,
    IAgentProfile profile,
    IOptions<AgentOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AgentUserCheck> logger) : IHostedService
{
    /// <summary>Why Claude Code cannot run as root, and what to do instead; one line.</summary>
    public const string RootRefusal =
        "Claude Code refuses to run unattended (--dangerously-skip-permissions) as root, so every session would exit at once: " +
        "run Codemate as a normal (non-root) user, such as the Docker image's 'agent' user.";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!user.RunsAsRoot)
        {
            return Task.CompletedTask;
        }

        if (profile is ConfiguredAgentProfile { Selected: ClaudeCodeProfile })
        {
            throw new CodemateException(RootRefusal);
        }

        var agent = options.Value.EffectiveAgent;
        lifetime.ApplicationStarted.Register(() => Log.AgentRunsAsRoot(logger, agent));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Warning, "The agent ({Agent}) will run as root: run Codemate as a normal (non-root) user, such as the Docker image's 'agent' user")]
        public static partial void AgentRunsAsRoot(ILogger logger, string agent);
    }
}
