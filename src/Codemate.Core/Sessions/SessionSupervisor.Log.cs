using Microsoft.Extensions.Logging;

namespace Codemate.Sessions;

internal sealed partial class SessionSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Started agent session {SessionName} for {Issue} ({Program})")]
        public static partial void Started(ILogger logger, string sessionName, string issue, string program);

        [LoggerMessage(5002, LogLevel.Information, "Agent session {SessionName} for {Issue} already runs; watching it")]
        public static partial void AlreadyRunning(ILogger logger, string sessionName, string issue);

        [LoggerMessage(5003, LogLevel.Information, "Stopped agent session {SessionName} for {Issue}")]
        public static partial void Stopped(ILogger logger, string sessionName, string issue);

        [LoggerMessage(5004, LogLevel.Information, "Delivered queued message {Sequence} ({Length} characters) to {SessionName}")]
        public static partial void Delivered(ILogger logger, string sessionName, long sequence, int length);

        [LoggerMessage(5005, LogLevel.Warning, "Could not deliver queued message {Sequence} to {SessionName}; it stays queued")]
        public static partial void DeliveryFailed(ILogger logger, string sessionName, long sequence, Exception exception);

        [LoggerMessage(5006, LogLevel.Debug, "Agent {SessionName} is {Current} (was {Previous})")]
        public static partial void StatusChanged(ILogger logger, string sessionName, AgentStatus previous, AgentStatus current);

        [LoggerMessage(5007, LogLevel.Information, "Re-attached to agent session {SessionName} for {Issue}")]
        public static partial void Resumed(ILogger logger, string sessionName, string issue);

        [LoggerMessage(5008, LogLevel.Warning, "Agent session {SessionName} for {Issue} has exited")]
        public static partial void Exited(ILogger logger, string sessionName, string issue);

        [LoggerMessage(5009, LogLevel.Error, "Checking agent session {SessionName} failed")]
        public static partial void CheckFailed(ILogger logger, string sessionName, Exception exception);

        [LoggerMessage(5011, LogLevel.Warning, "The status-file watcher failed; checking every session")]
        public static partial void WatcherError(ILogger logger, Exception exception);

        [LoggerMessage(5012, LogLevel.Error, "Polling the agent sessions failed")]
        public static partial void PollFailed(ILogger logger, Exception exception);

        [LoggerMessage(5013, LogLevel.Error, "The agent of {SessionName} for {Issue} failed to start ({Failure}); its screen ended with:\n{Screen}")]
        public static partial void FailedStart(ILogger logger, string sessionName, string issue, StartFailure failure, string screen);

        [LoggerMessage(5015, LogLevel.Information, "{SessionName} had not taken its pasted text; pressed Enter again (attempt {Attempt})")]
        public static partial void Resubmitted(ILogger logger, string sessionName, int attempt);

        [LoggerMessage(5016, LogLevel.Warning, "The status file of {SessionName} is not a small regular file ({Read}); it reads as unknown until the agent writes a word")]
        public static partial void UnsafeStatusFile(ILogger logger, string sessionName, AgentFileRead read);

        [LoggerMessage(5014, LogLevel.Warning, "Could not read the last screen of agent session {SessionName} or end it")]
        public static partial void ScreenUnreadable(ILogger logger, string sessionName, Exception exception);

        [LoggerMessage(5017, LogLevel.Warning, "Ended {SessionName} for {Issue} without recording it: another replica runs that issue now")]
        public static partial void Abandoned(ILogger logger, string sessionName, string issue);

        [LoggerMessage(5018, LogLevel.Warning, "Not delivering queued text to {SessionName} for {Issue}: another replica runs that issue now, and this leftover session is ended at the next heartbeat")]
        public static partial void NotDeliveringTakenOver(ILogger logger, string sessionName, string issue);
    }
}
