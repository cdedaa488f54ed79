namespace Codemate.State;

/// <summary>A session record was saved under a session name that another issue's record holds.</summary>
public sealed class SessionNameTakenException : CodemateException
{
    /// <summary>Creates the exception for <paramref name="sessionName"/>.</summary>
    public SessionNameTakenException(string sessionName, Exception? innerException = null)
        : base($"The tmux session name '{sessionName}' belongs to another issue; each issue's session needs its own.", innerException)
    {
        SessionName = sessionName;
    }

    /// <summary>The name that was taken.</summary>
    public string SessionName { get; }
}
