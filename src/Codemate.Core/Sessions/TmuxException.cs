namespace Codemate.Sessions;

/// <summary>A tmux command failed.</summary>
internal sealed class TmuxException : CodemateException
{
    /// <summary>Creates the exception for a failed tmux command.</summary>
    public TmuxException(string command, int exitCode, string standardError)
        : base($"tmux {command} failed with exit code {exitCode}: {standardError}")
    {
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The tmux command (<c>new-session</c>, <c>paste-buffer</c>, …).</summary>
    public string Command { get; } = string.Empty;

    /// <summary>tmux's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>What tmux wrote to standard error.</summary>
    public string StandardError { get; } = string.Empty;
}
