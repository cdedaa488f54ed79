using Codemate.Configuration;

namespace Codemate.Testing.Hosting;

/// <summary>Configuration for a host that works entirely inside <paramref name="root"/>.</summary>
public static class TestSettings
{
    public const string Secret = "test-webhook-secret";

    public static Dictionary<string, string?> Minimal(TempDirectory root, string? secret = Secret) => new()
    {
        [EnvironmentVariables.WebhookSecret] = secret,
        [EnvironmentVariables.GitHubToken] = "ghp_testtoken0000000000000000000000000000",
        [EnvironmentVariables.WorkspacesRoot] = root.Combine("workspaces"),
        [EnvironmentVariables.StatePath] = root.Combine("state", "codemate.db"),
        [EnvironmentVariables.TmuxSocket] = "codemate-test-" + Guid.NewGuid().ToString("N")[..8],
    };
}
