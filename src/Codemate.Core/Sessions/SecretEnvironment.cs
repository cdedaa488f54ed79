using System.Collections;
using Codemate.Configuration;
using Codemate.GitHub;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// The variables of Codemate's own environment an agent must never inherit: GitHub credentials, the webhook secret,
/// the status token, and any other variable whose value holds one of the configured secrets (for example
/// <c>Codemate__GitHub__Token</c>). tmux hands its client's environment to the server it starts and from there to
/// every session, so every tmux call runs with these removed.
/// </summary>
internal sealed class SecretEnvironment
{
    /// <summary>Names removed whatever their value: GitHub's and Codemate's secrets under their usual names.</summary>
    internal static readonly string[] KnownNames =
    [
        EnvironmentVariables.GitHubToken, "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
        EnvironmentVariables.GitHubAppPrivateKey, EnvironmentVariables.GitHubAppPrivateKeyFile,
        EnvironmentVariables.WebhookSecret, EnvironmentVariables.StatusToken,
    ];

    private readonly Lazy<IReadOnlyDictionary<string, string?>> _removed;

    public SecretEnvironment(IOptions<GitHubOptions> github, IOptions<CodemateOptions> codemate)
    {
        _removed = new(() => Compute([github.Value.Token, github.Value.AppPrivateKey, codemate.Value.WebhookSecret, codemate.Value.StatusToken]));
    }

    private SecretEnvironment(IReadOnlyDictionary<string, string?> removed) => _removed = new(removed);

    /// <summary>Removes only the <see cref="KnownNames"/>.</summary>
    public static SecretEnvironment KnownNamesOnly { get; } = new(Compute([]));

    /// <summary>Each variable to remove, mapped to <see langword="null"/> (CliWrap's "unset").</summary>
    public IReadOnlyDictionary<string, string?> Removed => _removed.Value;

    internal static Dictionary<string, string?> Compute(IEnumerable<string?> secrets)
    {
        var values = secrets.Where(s => !string.IsNullOrWhiteSpace(s) && s.Trim().Length >= 8).Select(s => s!.Trim()).ToList();
        var removed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in KnownNames)
        {
            removed[name] = null;
        }

        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value
                && (name.StartsWith("GITHUB_APP_", StringComparison.OrdinalIgnoreCase) || values.Exists(secret => value.Contains(secret, StringComparison.Ordinal))))
            {
                removed[name] = null;
            }
        }

        return removed;
    }
}
