namespace Codemate.Sessions;

/// <summary>Why an agent never started on its task.</summary>
internal enum StartFailure
{
    /// <summary>It exited before its task was delivered.</summary>
    Exited,

    /// <summary>It had not reported <c>idle</c> and taken its task within <see cref="AgentOptions.StartTimeout"/>, so it was stopped.</summary>
    NotReady,

    /// <summary>It took its task, but its first turn ended in an error (<c>error</c> in its status file: the model API refused or failed).</summary>
    FirstTurnFailed,
}
