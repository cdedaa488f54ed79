namespace Codemate.Workspaces;

/// <summary>
/// Runs git for Codemate. The default implementation goes through CliWrap, isolates git from the machine's
/// system and global configuration, and hands credentials to git through the environment only.
/// </summary>
internal interface IGitRunner
{
    /// <summary>
    /// Runs <paramref name="command"/>. Throws <see cref="GitCommandException"/> when git exits with a
    /// non-zero code, unless <see cref="GitCommand.AllowFailure"/> is set.
    /// </summary>
    Task<GitResult> RunAsync(GitCommand command, CancellationToken cancellationToken);
}
