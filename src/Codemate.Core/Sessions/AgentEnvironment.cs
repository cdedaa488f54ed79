using System.Collections;
using Codemate.Configuration;
using Codemate.GitHub;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// What of Codemate's own environment an agent may inherit: an allow-list, never "everything but the secrets we
/// know of". tmux hands its client's environment to the server it starts and from there to every session, so every
/// tmux call runs with everything else removed: a host app's own secrets, a tunnel token, whatever <c>.env</c>
/// loaded. The agent keeps what a program needs to run (<c>PATH</c>, <c>HOME</c>, locale, temporary directory,
/// proxies and CA certificates), Claude Code's model settings, and the names the operator lists in
/// <c>CODEMATE_AGENT_ENV</c>; an allowed variable whose value holds one of Codemate's secrets is removed all the
/// same. The status contract (<c>CODEMATE_*</c>) is added per session.
/// </summary>
internal sealed class AgentEnvironment
{
    /// <summary>Names an agent inherits when they are set.</summary>
    internal static readonly string[] AllowedNames =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMUX_TMPDIR",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
        .. ClaudeModelSettings.Variables, .. ClaudeCodeProfile.QuietEnvironment.Keys, "DISABLE_TELEMETRY", "DISABLE_ERROR_REPORTING",
    ];

    private const string LocalePrefix = "LC_";

    private readonly Lazy<IReadOnlyDictionary<string, string?>> _removed;

    public AgentEnvironment(IOptions<GitHubOptions> github, IOptions<CodemateOptions> codemate, IOptions<AgentOptions> agent)
    {
        _removed = new(() => Compute(SecretRedactor.ConfiguredSecrets(github.Value, codemate.Value), agent.Value.Environment));
    }

    private AgentEnvironment(IReadOnlyDictionary<string, string?> removed) => _removed = new(removed);

    /// <summary>Removes everything not on the allow-list, without secret values to look for.</summary>
    public static AgentEnvironment AllowListOnly { get; } = new(Compute([], []));

    /// <summary>Each variable of this process to remove, mapped to <see langword="null"/> (CliWrap's "unset").</summary>
    public IReadOnlyDictionary<string, string?> Removed => _removed.Value;

    internal static Dictionary<string, string?> Compute(IEnumerable<string?> secrets, IEnumerable<string> operatorNames)
    {
        var values = SecretRedactor.Longest(secrets);
        var allowed = new HashSet<string>(AllowedNames.Concat(operatorNames), StringComparer.Ordinal);
        var removed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is not string name)
            {
                continue;
            }

            var value = entry.Value as string ?? string.Empty;
            var isAllowed = allowed.Contains(name) || name.StartsWith(LocalePrefix, StringComparison.Ordinal);
            if (!isAllowed || values.Any(secret => value.Contains(secret, StringComparison.Ordinal)))
            {
                removed[name] = null;
            }
        }

        return removed;
    }
}
