using Codemate.Configuration;
using Microsoft.Extensions.Configuration;

namespace Codemate.Sessions;

/// <summary>
/// How Claude Code reaches its model, read from Codemate's configuration (environment variables and <c>.env</c>).
/// The API URL is handed to each agent; a credential reaches it only through the environment it inherits from
/// Codemate's process, never through a process's arguments (tmux's <c>-e</c> would put it there). Sessions have
/// their own Claude Code configuration directory, so an operator's own <c>claude login</c> does not reach them: a
/// credential must be set.
/// </summary>
internal sealed class ClaudeModelSettings(IConfiguration configuration)
{
    /// <summary>The variables a Claude Code agent is given when set; the first three are credentials.</summary>
    public static readonly string[] Variables = [ClaudeCodeProfile.ApiKeyVariable, "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", BaseUrlVariable];

    private const string BaseUrlVariable = "ANTHROPIC_BASE_URL";

    public string? ApiKey => Value(ClaudeCodeProfile.ApiKeyVariable);

    /// <summary>
    /// A command that prints the API key (<c>CODEMATE_CLAUDE_API_KEY_HELPER</c>), written into each session's settings as
    /// Claude Code's <c>apiKeyHelper</c>: the key never sits in an environment. In the sandbox it runs as the agent does.
    /// </summary>
    public string? ApiKeyHelper => Value(EnvironmentVariables.ClaudeApiKeyHelper);

    /// <summary>The first credential that is set (a variable's name, or the key helper's), or <see langword="null"/>.</summary>
    public string? CredentialName =>
        Variables[..3].FirstOrDefault(name => Value(name) is not null) ?? (ApiKeyHelper is null ? null : EnvironmentVariables.ClaudeApiKeyHelper);

    /// <summary>The settings that are not secret, for the agent's environment: the API URL, when set.</summary>
    /// <exception cref="CodemateException">No credential is set: the agent could not call its model.</exception>
    public IReadOnlyDictionary<string, string> Environment()
    {
        if (CredentialName is null)
        {
            throw new CodemateException(
                $"Claude Code has no model credential: set {ClaudeCodeProfile.ApiKeyVariable} (or ANTHROPIC_AUTH_TOKEN, or CLAUDE_CODE_OAUTH_TOKEN from 'claude setup-token', or {EnvironmentVariables.ClaudeApiKeyHelper} to a command that prints a key) "
                + $"where Codemate reads its settings, or choose another agent with {EnvironmentVariables.Agent}. Each session has its own Claude Code configuration, so a 'claude login' of your own does not reach it.");
        }

        return Value(BaseUrlVariable) is { } url
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [BaseUrlVariable] = url }
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private string? Value(string name) => configuration[name] is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
