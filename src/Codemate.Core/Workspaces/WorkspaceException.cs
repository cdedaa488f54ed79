namespace Codemate.Workspaces;

/// <summary>A workspace or its draft pull request could not be prepared; the message is safe to post on the issue.</summary>
internal sealed class WorkspaceException : CodemateException
{
    /// <summary>Creates the exception with a message.</summary>
    public WorkspaceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public WorkspaceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public WorkspaceException()
    {
    }
}
