using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Preparing workspace and draft pull request for {Repository}#{Issue}")]
        public static partial void Preparing(ILogger logger, string repository, int issue);

        [LoggerMessage(6002, LogLevel.Information, "Agent for {Repository}#{Issue} started in tmux session {SessionName}")]
        public static partial void Started(ILogger logger, string repository, int issue, string sessionName);

        [LoggerMessage(6003, LogLevel.Information, "Agent for {Repository}#{Issue} already runs; nothing to start")]
        public static partial void AlreadyRunning(ILogger logger, string repository, int issue);

        [LoggerMessage(6004, LogLevel.Information, "Ignored {Work} for {Repository}#{Issue}: {Reason}")]
        public static partial void NotAllowed(ILogger logger, string work, string repository, int issue, string reason);

        [LoggerMessage(6005, LogLevel.Error, "Could not {Step} for {Repository}#{Issue}")]
        public static partial void Failed(ILogger logger, string repository, int issue, string step, Exception exception);

        [LoggerMessage(8601, LogLevel.Information, "All session slots are taken; {Repository}#{Issue} waits in the queue")]
        public static partial void Queued(ILogger logger, string repository, int issue);

        [LoggerMessage(8602, LogLevel.Information, "Command {Command} from {Author} on {Repository}#{Issue}")]
        public static partial void Command(ILogger logger, string command, string author, string repository, int issue);

        [LoggerMessage(6008, LogLevel.Information, "Ignored a comment on {Repository}#{Issue} written by Codemate itself")]
        public static partial void OwnComment(ILogger logger, string repository, int issue);

        [LoggerMessage(6009, LogLevel.Information, "No running agent for {Repository}#{Issue}; starting one with the comment as its task")]
        public static partial void StartingForComment(ILogger logger, string repository, int issue);

        [LoggerMessage(6010, LogLevel.Information, "Queued a comment by {Author} for the agent of {Repository}#{Issue}")]
        public static partial void CommentQueued(ILogger logger, string repository, int issue, string author);

        [LoggerMessage(6011, LogLevel.Information, "Dropped a comment by {Author} on {Repository}#{Issue}: {Reason}")]
        public static partial void CommentDropped(ILogger logger, string repository, int issue, string author, string reason);

        [LoggerMessage(6012, LogLevel.Debug, "Dropped another comment by {Author} on {Repository}#{Issue} in the same flood window")]
        public static partial void CommentDroppedAgain(ILogger logger, string repository, int issue, string author);

        [LoggerMessage(6013, LogLevel.Warning, "The agent for {Repository}#{Issue} ended while it was being started; its end is what the issue shows")]
        public static partial void EndedWhileStarting(ILogger logger, string repository, int issue);

        [LoggerMessage(6016, LogLevel.Information, "Started nothing for {Repository}#{Issue}: its work changed state while the start was decided (an end or a stop was recorded)")]
        public static partial void ChangedWhileStarting(ILogger logger, string repository, int issue);

        [LoggerMessage(6014, LogLevel.Information, "Started nothing for {Repository}#{Issue}: {Reason}")]
        public static partial void StartIgnored(ILogger logger, string repository, int issue, string reason);

        [LoggerMessage(6015, LogLevel.Information, "Started nothing for {Repository}#{Issue} until someone who may steer vouches for its text: {Reason}")]
        public static partial void AwaitingVouch(ILogger logger, string repository, int issue, string reason);

        [LoggerMessage(6201, LogLevel.Information, "Ignored {Work} for {Repository}#{Issue}: pull request #{PullRequest} is not the one Codemate opened for it")]
        public static partial void NotOwnPullRequest(ILogger logger, string work, string repository, int issue, int pullRequest);

        [LoggerMessage(6401, LogLevel.Information, "Watching the agent of {Repository}#{Issue} again: it outlived replica {Previous} on this host")]
        public static partial void AdoptedAgent(ILogger logger, string repository, int issue, string previous);

        [LoggerMessage(6402, LogLevel.Warning, "Starting a new agent for {Repository}#{Issue} from its pushed branch: replica {Previous} stopped answering")]
        public static partial void RestartingInterrupted(ILogger logger, string repository, int issue, string previous);
    }
}
