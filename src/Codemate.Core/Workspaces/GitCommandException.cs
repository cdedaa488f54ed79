namespace Codemate.Workspaces;

/// <summary>git failed. The command, exit code and standard error never contain a token.</summary>
internal sealed class GitCommandException : CodemateException
{
    /// <summary>Creates the exception for a failed command.</summary>
    public GitCommandException(string command, int exitCode, string standardError)
        : base(Describe(command, exitCode, standardError))
    {
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>Creates the exception with only a message.</summary>
    public GitCommandException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GitCommandException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        StandardError = string.Empty;
        ExitCode = -1;
    }

    /// <summary>Creates the exception with no message.</summary>
    public GitCommandException()
        : this("git failed.", null)
    {
    }

    /// <summary>The command line (<c>git clone ...</c>), without secrets.</summary>
    public string Command { get; }

    /// <summary>git's exit code; -1 when it did not exit on its own (timeout).</summary>
    public int ExitCode { get; }

    /// <summary>git's standard error with secrets removed.</summary>
    public string StandardError { get; }

    private static string Describe(string command, int exitCode, string standardError)
    {
        var error = standardError.Trim();
        return error.Length == 0
            ? $"'{command}' failed with exit code {exitCode}."
            : $"'{command}' failed with exit code {exitCode}: {error}";
    }
}
