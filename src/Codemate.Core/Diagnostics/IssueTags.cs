using System.Diagnostics;
using Codemate.Issues;

namespace Codemate.Diagnostics;

/// <summary>The attributes every span about an issue carries: never a token, never the issue's text.</summary>
internal static class IssueTags
{
    public static void Set(Activity? activity, IssueKey issue, string? deliveryId = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.Repository, issue.Repository.FullName);
        activity.SetTag(TelemetryTags.Issue, issue.Number);
        if (deliveryId is not null)
        {
            activity.SetTag(TelemetryTags.DeliveryId, deliveryId);
        }
    }
}
