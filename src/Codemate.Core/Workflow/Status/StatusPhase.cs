namespace Codemate.Workflow.Status;

/// <summary>Where an issue's work stands, as the status comment tells it.</summary>
internal enum StatusPhase
{
    Queued,
    Preparing,
    Working,
    Waiting,
    Failed,
    Stopped,
    Done,
    AwaitingVouch,
}
