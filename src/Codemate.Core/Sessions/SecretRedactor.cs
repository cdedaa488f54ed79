using System.Text.RegularExpressions;
using Codemate.Configuration;
using Codemate.GitHub;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// Removes secrets from text Codemate shows to people (an agent's screen on the status comment): the values of
/// Codemate's own secrets and of the model credentials the agent is given, and anything shaped like a GitHub or
/// Anthropic token, whether or not Codemate knows its value.
/// </summary>
internal sealed partial class SecretRedactor
{
    public const string Replacement = "[redacted]";

    /// <summary>Model credentials an agent may be given; their values are secrets too.</summary>
    internal static readonly string[] ModelCredentialVariables = ClaudeModelSettings.Variables[..3];

    // Shorter values would redact ordinary words.
    private const int MinimumSecretLength = 8;

    private readonly Lazy<string[]> _values;

    public SecretRedactor(IOptions<GitHubOptions> github, IOptions<CodemateOptions> codemate)
    {
        _values = new(() => Longest(
            [.. ConfiguredSecrets(github.Value, codemate.Value), .. ModelCredentialVariables.Select(Environment.GetEnvironmentVariable)]));
    }

    private SecretRedactor(string[] values) => _values = new(values);

    /// <summary>Redacts token-shaped text and the model credentials in this process's environment.</summary>
    public static SecretRedactor PatternsAndEnvironment { get; } = new(Longest(ModelCredentialVariables.Select(Environment.GetEnvironmentVariable)));

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var value in _values.Value)
        {
            text = text.Replace(value, Replacement, StringComparison.Ordinal);
        }

        return TokenShape().Replace(text, Replacement);
    }

    /// <summary>Codemate's own secrets as configured: the GitHub token or App key, the webhook secret, the status token.</summary>
    internal static IEnumerable<string?> ConfiguredSecrets(GitHubOptions github, CodemateOptions codemate) =>
        [github.Token, github.AppPrivateKey, codemate.WebhookSecret, codemate.StatusToken, codemate.DatabaseUrl, DatabasePassword(codemate.DatabaseUrl)];

    // The database URL holds its password; the password alone is looked for too (a variable set to it, a screen).
    private static string? DatabasePassword(string? url) =>
        url is not null && State.Postgres.PostgresConnection.TryParse(url, out var builder, out _) ? builder.Password : null;

    /// <summary>The values worth looking for (trimmed, long enough not to be ordinary words), longest first.</summary>
    internal static string[] Longest(IEnumerable<string?> values) =>
        [.. values.Where(v => v is { Length: >= MinimumSecretLength }).Select(v => v!.Trim()).Where(v => v.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];

    // GitHub's token prefixes (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_) and Anthropic's keys (sk-ant-...).
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk-ant-[A-Za-z0-9_\-]{8,})", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();
}
