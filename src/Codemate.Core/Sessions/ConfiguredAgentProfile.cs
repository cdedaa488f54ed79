using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>The default <see cref="IAgentProfile"/>: the one <c>CODEMATE_AGENT</c> (or <c>CODEMATE_AGENT_COMMAND</c> alone) selects.</summary>
internal sealed class ConfiguredAgentProfile(IOptions<AgentOptions> options, ClaudeCodeProfile claude, CommandAgentProfile command) : IAgentProfile
{
    public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken) =>
        Selected.CreateLaunchAsync(context, cancellationToken);

    public bool ConfirmsSubmit => Selected.ConfirmsSubmit;

    public IAgentProfile Selected => options.Value.EffectiveAgent switch
    {
        AgentProfileNames.Command => command,
        AgentProfileNames.Claude => claude,
        var other => throw new CodemateException($"Unknown agent profile '{other}'; set {Configuration.EnvironmentVariables.Agent} to 'claude' or 'command'."),
    };
}
