using Codemate.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>Checks the agent selection at startup; every message names the variable to set.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var failures = new List<string>();
        switch (options.EffectiveAgent)
        {
            case AgentProfileNames.Claude:
                break;
            case AgentProfileNames.Command when string.IsNullOrWhiteSpace(options.Command):
                failures.Add(
                    $"{EnvironmentVariables.Agent}=command needs {EnvironmentVariables.AgentCommand}: " +
                    "set it to the command line to run in each workspace.");
                break;
            case AgentProfileNames.Command:
                break;
            default:
                failures.Add(
                    $"{EnvironmentVariables.Agent} must be '{AgentProfileNames.Claude}' or '{AgentProfileNames.Command}', not '{options.Agent}'.");
                break;
        }

        if (string.IsNullOrWhiteSpace(options.TmuxSocket) && string.IsNullOrWhiteSpace(options.TmuxSocketPath))
        {
            failures.Add($"{EnvironmentVariables.TmuxSocket} must name the directory of Codemate's tmux sockets.");
        }
        else if (TmuxSockets.Problem(options) is { } socketsProblem)
        {
            failures.Add(socketsProblem);
        }

        if (options.EffectiveSandbox is not (SandboxModes.Bubblewrap or SandboxModes.None))
        {
            failures.Add($"{EnvironmentVariables.Sandbox} must be '{SandboxModes.Bubblewrap}' or '{SandboxModes.None}', not '{options.Sandbox}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
