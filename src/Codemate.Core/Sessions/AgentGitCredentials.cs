using System.Security.Cryptography;
using System.Text;
using Codemate.GitHub;
using Codemate.Native;
using Codemate.Workspaces;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// The agent's side of <c>CODEMATE_AGENT_GIT_CREDENTIALS</c>. Each session gets a random secret in a file of its own
/// outside the worktree (only the path is in its environment, so the secret never reaches argv), and
/// <c>GIT_CONFIG_*</c> variables that make git ask Codemate's helper, and nothing else, for GitHub credentials.
/// Without the option the agent's environment holds no credential at all.
/// </summary>
internal sealed class AgentGitCredentials(IOptions<AgentOptions> agent, IOptions<GitHubOptions> github, SessionPaths paths)
{
    /// <summary>Where the helper finds the session's secret.</summary>
    public const string SecretFileVariable = "CODEMATE_GIT_CREDENTIAL_FILE";

    public const string SecretFileName = "git-credential.secret";

    public const string HelperFileName = "git-credential-codemate";

    /// <summary>The secret is 64 hex digits; a longer file is not one Codemate wrote.</summary>
    private const int MaxSecretBytes = 256;

    public bool Enabled => agent.Value.GitCredentials;

    /// <summary>The helper script, written at startup with the listener's port; its path never changes, so sessions survive a restart.</summary>
    public string HelperPath => Path.Combine(paths.Root, "bin", HelperFileName);

    public Uri ServerUrl => github.Value.ServerUrl;

    /// <summary>Credentials off: for callers that build a supervisor by hand.</summary>
    public static AgentGitCredentials Disabled(SessionPaths paths) =>
        new(Options.Create(new AgentOptions()), Options.Create(new GitHubOptions()), paths);

    /// <summary>A fresh secret for the session and the variables that point git at the helper; nothing when off.</summary>
    public IReadOnlyDictionary<string, string> Prepare(AgentLaunchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var file = SecretFile(context.SessionName);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(file)!);
        PrivateFile.Write(file, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");

        // An empty helper first: it clears helpers configured elsewhere (a global "store" would write the token to disk).
        var key = $"credential.{GitEnvironment.ServerPrefix(ServerUrl)}.helper";
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            [SecretFileVariable] = file,
        };
        foreach (var (name, value) in GitEnvironment.ConfigurationVariables([new(key, string.Empty), new(key, "!" + ShellQuote(HelperPath))]))
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Forgets the session's secret: its helper gets nothing from now on.</summary>
    public void Revoke(string sessionName)
    {
        var file = IsSessionName(sessionName) ? SecretFile(sessionName) : null;
        if (file is not null && File.Exists(file))
        {
            File.Delete(file);
        }
    }

    /// <summary>Whether <paramref name="secret"/> is the session's current secret, compared in constant time.</summary>
    public bool Verify(string sessionName, string secret)
    {
        if (!IsSessionName(sessionName) || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        // The file sits in the agent's directory: read it as untrusted, a few hundred bytes at most.
        if (AgentFile.Read(SecretFile(sessionName), MaxSecretBytes, out var text) != AgentFileRead.Read)
        {
            return false;
        }

        var expected = text.Trim();

        return expected.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret.Trim())));
    }

    internal string SecretFile(string sessionName) => Path.Combine(paths.AgentDirectory(sessionName), SecretFileName);

    /// <summary>Session names become a path segment: only what <see cref="SessionNames"/> produces is accepted.</summary>
    internal static bool IsSessionName(string name) =>
        name.Length is > 0 and <= 200 && name != "." && name != ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !name.Contains("..", StringComparison.Ordinal);

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
