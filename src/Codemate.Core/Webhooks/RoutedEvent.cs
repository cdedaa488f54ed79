using Codemate.Issues;

namespace Codemate.Webhooks;

/// <summary>What the router made of a verified payload: work to do, a reason to ignore it, or an error.</summary>
internal readonly record struct RoutedEvent(IssueWork? Work, string? IgnoredBecause, string? Error)
{
    public static RoutedEvent Accept(IssueWork work) => new(work, null, null);

    public static RoutedEvent Ignore(string reason) => new(null, reason, null);

    public static RoutedEvent Invalid(string error) => new(null, null, error);
}
