namespace Codemate.State;

/// <summary>
/// Who vouched for the text that an agent was started on, and for exactly which text. A stranger's issue
/// reaches the agent only under a vouch; when its title or body no longer hashes to <see cref="TextHash"/>, the
/// vouch does not cover it and Codemate asks for a fresh one instead of sending the new text.
/// </summary>
/// <param name="By">The login of the person who vouched (the author, when the author may steer).</param>
/// <param name="Kind">How they vouched.</param>
/// <param name="TextHash">The hash of the title and body they vouched for (<c>IssueText.Hash</c>).</param>
/// <param name="At">When.</param>
public sealed record Vouch(string By, VouchKind Kind, string TextHash, DateTimeOffset At);

/// <summary>How someone vouched for an issue's text.</summary>
public enum VouchKind
{
    /// <summary>The author may steer: their own text needs nobody else.</summary>
    Author,

    /// <summary>A person who may steer added the trigger label.</summary>
    Label,

    /// <summary>A person who may steer commented <c>/codemate start</c>.</summary>
    StartCommand,
}
