namespace Codemate.Testing.Agents;

/// <summary>
/// Locates the real Claude Code CLI the end-to-end tests run: <c>CODEMATE_TEST_CLAUDE</c> when set, else the pinned
/// release <c>tools/install-claude-code.sh</c> installs under the repository's <c>.cache</c>. A missing binary fails
/// the test instead of skipping it, so CI cannot go green without ever running Claude Code.
/// </summary>
public static class ClaudeCodeBinary
{
    /// <summary>The environment variable that overrides where the binary is.</summary>
    public const string OverrideVariable = "CODEMATE_TEST_CLAUDE";

    private static readonly string[] InstalledPath = [".cache", "claude-code", "node_modules", ".bin", "claude"];

    /// <summary>The full path of the <c>claude</c> executable; throws naming the install script when it is missing.</summary>
    public static string Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(OverrideVariable);
            var path = string.IsNullOrWhiteSpace(configured) ? SourceTree.File(InstalledPath) : configured;
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"Claude Code is not installed at {path}. Run tools/install-claude-code.sh (or set {OverrideVariable} to a claude binary).");
        }
    }
}
