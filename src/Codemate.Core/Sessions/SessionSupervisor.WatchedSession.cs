using System.Diagnostics;
using Codemate.Issues;

namespace Codemate.Sessions;

internal sealed partial class SessionSupervisor
{
    private sealed class WatchedSession(IssueKey issue, string name, string statusFile, long watchedAt, bool launched)
    {
        public IssueKey Issue { get; } = issue;

        public string Name { get; } = name;

        public string StatusFile { get; } = statusFile;

        public long WatchedAt { get; } = watchedAt;

        /// <summary>Started by this process (not resumed after a restart): its start can still fail.</summary>
        public bool Launched { get; } = launched;

        /// <summary>Text has reached the agent.</summary>
        public volatile bool Delivered;

        /// <summary>The agent finished a turn after text reached it: it started on its task.</summary>
        public volatile bool Started;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int CheckQueued;

        public volatile AgentStatus Status = AgentStatus.Unknown;

        /// <summary>A status file that is not a small regular file was logged once; later reads stay quiet.</summary>
        public volatile bool UnsafeStatusReported;

        /// <summary>Another replica holds the issue now: that was logged once, and text stays queued for that replica's agent.</summary>
        public volatile bool TakenOverReported;

        /// <summary>Started with <see cref="SessionContext.HoldDelivery"/> and not yet notified.</summary>
        public volatile bool Held;

        /// <summary>The span of the work that last queued text for the agent: deliveries are spans of its trace.</summary>
        public ActivityContext Trace;
    }
}
