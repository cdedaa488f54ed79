namespace Codemate.Workspaces;

/// <summary>What a git invocation printed and how it exited.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Standard output.</param>
/// <param name="StandardError">Standard error, with any secret removed.</param>
internal sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether git exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
