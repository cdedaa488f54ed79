using Codemate.Configuration;

namespace Codemate.Testing.Hosting;

/// <summary>
/// Configuration for a test host that starts: GitHub authentication is required, so besides the webhook secret
/// and directories these settings carry a personal access token. Without a double, GitHub points at a closed
/// port on 127.0.0.1 so nothing leaves the machine. tmux gets a server of its own per host.
/// </summary>
public static class TestSettings
{
    /// <summary>The webhook secret <see cref="Minimal(TempDirectory, string?, GitHubDouble.GitHubDouble?)"/> configures.</summary>
    public const string Secret = "test-webhook-secret";

    /// <summary>Same as <see cref="Secret"/>.</summary>
    public const string WebhookSecret = Secret;

    /// <summary>The personal access token the settings configure (and register on the double).</summary>
    public const string Token = "ghp_testtoken0000000000000000000000000000";

    /// <summary>The login the double answers for <see cref="Token"/>.</summary>
    public const string Login = "codemate-test-user";

    /// <summary>
    /// The agent the settings configure: the command profile with a command that exits at once. Claude Code, the
    /// default, makes startup fail as root, and CI runs the tests as root; these hosts start no agent anyway
    /// (a <see cref="World.TestWorld"/> configures the scripted one).
    /// </summary>
    public const string AgentCommand = "true";

    /// <summary>Settings rooted in <paramref name="root"/>; <paramref name="secret"/> <see langword="null"/> leaves the webhook secret unset.</summary>
    public static Dictionary<string, string?> Minimal(TempDirectory root, string? secret = Secret, GitHubDouble.GitHubDouble? github = null)
    {
        var settings = Minimal(root.Combine("workspaces"), github, secret!);
        settings[EnvironmentVariables.StatePath] = root.Combine("state", "codemate.db");
        if (secret is null)
        {
            settings.Remove(EnvironmentVariables.WebhookSecret);
        }

        return settings;
    }

    /// <summary>
    /// <c>GITHUB_WEBHOOK_SECRET</c>, <c>GITHUB_TOKEN</c>, <c>WORKSPACES_ROOT</c>, <c>CODEMATE_STATE_PATH</c>, a private
    /// tmux socket, <see cref="AgentCommand"/>, and <c>GITHUB_SERVER_URL</c>/<c>GITHUB_API_URL</c> pointing at <paramref name="github"/> (whose PAT is registered).
    /// </summary>
    public static Dictionary<string, string?> Minimal(string workspacesRoot, GitHubDouble.GitHubDouble? github = null, string webhookSecret = WebhookSecret)
    {
        github?.AddUserToken(Token, Login);
        var server = github?.ServerUrl.ToString() ?? "http://127.0.0.1:1/";
        var api = github?.ApiUrl.ToString() ?? "http://127.0.0.1:1/api/v3/";
        return new Dictionary<string, string?>
        {
            [EnvironmentVariables.WebhookSecret] = webhookSecret,
            [EnvironmentVariables.GitHubToken] = Token,
            [EnvironmentVariables.WorkspacesRoot] = workspacesRoot,
            [EnvironmentVariables.StatePath] = Path.Combine(workspacesRoot, ".codemate", "state.db"),
            [EnvironmentVariables.GitHubServerUrl] = server,
            [EnvironmentVariables.GitHubApiUrl] = api,
            [EnvironmentVariables.TmuxSocket] = "codemate-test-" + Guid.NewGuid().ToString("N")[..8],
            [EnvironmentVariables.AgentCommand] = AgentCommand,
            // The scripted agent logs where the tests read (a temporary folder the sandbox hides); tests of the
            // sandbox itself turn it on.
            [EnvironmentVariables.Sandbox] = "none",
        };
    }
}
