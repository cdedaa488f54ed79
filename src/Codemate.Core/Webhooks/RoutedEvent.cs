using Codemate.Issues;

namespace Codemate.Webhooks;

/// <summary>What the router made of a verified payload: work to do, a reason to ignore it, or an error.</summary>
internal readonly record struct RoutedEvent(IssueWork? Work, string? IgnoredBecause, string? Error)
{
    public static RoutedEvent Accept(IssueWork work) => new(work, null, null);

    public static RoutedEvent Ignore(string reason) => new(null, reason, null);

    /// <summary>
    /// Ignored because the event table has no row for it: GitHub sends every event the app or webhook subscribes to,
    /// and most are routine, so these are logged at Debug (and counted), not once each at Information.
    /// </summary>
    public static RoutedEvent NotHandled(string reason) => new(null, reason, null) { Unhandled = true };

    /// <summary>Whether the event or its action is not one Codemate handles (rather than a handled one it declined).</summary>
    public bool Unhandled { get; init; }

    public static RoutedEvent Invalid(string error) => new(null, null, error);
}
