namespace Codemate;

/// <summary>The one exception type Codemate lets escape; its message never contains a secret.</summary>
public class CodemateException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public CodemateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public CodemateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public CodemateException()
    {
    }
}
