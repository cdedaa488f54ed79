namespace Codemate.Workflow.Commands;

/// <summary>What a <c>/codemate …</c> comment asks for.</summary>
internal enum CodemateCommandKind
{
    /// <summary><c>/codemate</c> followed by something Codemate does not know.</summary>
    Unknown,

    /// <summary><c>/codemate start</c>: vouch for the text and start the agent on it.</summary>
    Start,

    /// <summary><c>/codemate stop</c>: end the session; the workspace is kept.</summary>
    Stop,

    /// <summary><c>/codemate retry</c>: run the parked work again, or, with none, a fresh session in the same workspace.</summary>
    Retry,

    /// <summary><c>/codemate status</c>: refresh the status comment.</summary>
    Status,

    /// <summary><c>/codemate discard</c>: drop the parked work for good.</summary>
    Discard,
}

/// <summary>A parsed command; <paramref name="Word"/> is what followed <c>/codemate</c>, for messages.</summary>
internal sealed record CodemateCommand(CodemateCommandKind Kind, string Word);
