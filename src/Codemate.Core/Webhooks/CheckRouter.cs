using Codemate.Issues;
using Codemate.Webhooks.Payloads;

namespace Codemate.Webhooks;

/// <summary>
/// Completed check runs and workflow runs. A failure (<c>failure</c>, <c>timed_out</c>, and a workflow run
/// <c>cancelled</c>, which is a failure when a job of it failed and so cancelled the rest) on a pull request from a
/// Codemate branch of the repository itself becomes work for the agent, a success work for the status comment only;
/// whether it is the pull request Codemate opened is checked
/// against the session before it is recorded (OwnPullRequests). These events come from GitHub (Actions, a CI app),
/// not from a person, so there is no author to check: they are trusted for Codemate's own pull request only.
/// </summary>
internal static class CheckRouter
{
    public static RoutedEvent FromCheckRun(CheckRunPayload e, string deliveryId)
    {
        var run = e.CheckRun;
        if (run is null)
        {
            return RoutedEvent.Invalid("the payload has no 'check_run' object");
        }

        var name = run.Name ?? "check";
        if (Refuse($"check run '{name}'", run.Conclusion, cancelledMayBeFailure: false, run.CheckSuite?.HeadBranch, headRepositoryIsBase: true, run.PullRequests, e.Repository, out var key, out var own) is { } refused)
        {
            return refused;
        }

        if (!IsFailure(run.Conclusion))
        {
            return RoutedEvent.Accept(Passed(key, own, name, run.HeadSha, e.Sender, e.Installation, deliveryId));
        }

        return RoutedEvent.Accept(Failure(key, own, name, run.Conclusion!, run.HeadSha, run.HtmlUrl, e.Sender, e.Installation, deliveryId) with
        {
            CheckRunId = run.Id,
            Title = run.Output?.Title,
            Summary = run.Output?.Summary,
        });
    }

    public static RoutedEvent FromWorkflowRun(WorkflowRunPayload e, string deliveryId)
    {
        var run = e.WorkflowRun;
        if (run is null)
        {
            return RoutedEvent.Invalid("the payload has no 'workflow_run' object");
        }

        var name = run.Name ?? "workflow";
        var sameRepository = run.HeadRepository?.FullName is { } head && e.Repository?.FullName is { } @base
            && string.Equals(head, @base, StringComparison.OrdinalIgnoreCase);
        // A cancelled run is a failure only if one of its jobs failed (fail-fast cancelled the rest); the jobs say, so
        // it is read like a failure and sends nothing when none failed (cancelled by a person, or by a newer push).
        if (Refuse($"workflow run '{name}'", run.Conclusion, cancelledMayBeFailure: true, run.HeadBranch, sameRepository, run.PullRequests, e.Repository, out var key, out var own) is { } refused)
        {
            return refused;
        }

        if (!IsFailure(run.Conclusion) && run.Conclusion != Cancelled)
        {
            return RoutedEvent.Accept(Passed(key, own, name, run.HeadSha, e.Sender, e.Installation, deliveryId));
        }

        return RoutedEvent.Accept(Failure(key, own, name, run.Conclusion!, run.HeadSha, run.HtmlUrl, e.Sender, e.Installation, deliveryId) with { WorkflowRunId = run.Id });
    }

    private static CheckFailed Failure(IssueKey key, RunPullRequestPayload own, string name, string conclusion, string? headSha, string? htmlUrl, UserPayload? sender, InstallationPayload? installation, string deliveryId) => new()
    {
        Issue = key,
        Details = FeedbackRouter.Unread,
        DeliveryId = deliveryId,
        Sender = EventRouter.ToActor(sender),
        InstallationId = installation?.Id,
        PullRequestNumber = (int)own.Number,
        Name = name,
        Conclusion = conclusion,
        HeadSha = headSha ?? string.Empty,
        PullRequestHeadSha = own.Head?.Sha,
        HtmlUrl = htmlUrl,
    };

    private static CheckPassed Passed(IssueKey key, RunPullRequestPayload own, string name, string? headSha, UserPayload? sender, InstallationPayload? installation, string deliveryId) => new()
    {
        Issue = key,
        Details = FeedbackRouter.Unread,
        DeliveryId = deliveryId,
        Sender = EventRouter.ToActor(sender),
        InstallationId = installation?.Id,
        PullRequestNumber = (int)own.Number,
        Name = name,
        HeadSha = headSha ?? string.Empty,
    };

    /// <summary>Whether a conclusion is a failure the agent can act on; <c>cancelled</c>, <c>neutral</c>, <c>skipped</c> and successes are not.</summary>
    public static bool IsFailure(string? conclusion) => conclusion is "failure" or "timed_out";

    /// <summary>The conclusion of a workflow run that stopped early: a failure if one of its jobs failed.</summary>
    public const string Cancelled = "cancelled";

    private static RoutedEvent? Refuse(string what, string? conclusion, bool cancelledMayBeFailure, string? branch, bool headRepositoryIsBase, IReadOnlyList<RunPullRequestPayload?>? pullRequests, RepositoryPayload? repository, out IssueKey key, out RunPullRequestPayload own)
    {
        key = default;
        own = null!;
        if (!IsFailure(conclusion) && conclusion != "success" && !(cancelledMayBeFailure && conclusion == Cancelled))
        {
            return RoutedEvent.Ignore($"{what} concluded '{conclusion ?? "(none)"}'; only failures reach the agent, and successes the status comment");
        }

        if (!EventRouter.IsCodemateBranch(branch, out var issue))
        {
            return RoutedEvent.Ignore($"{what} ran on branch '{branch}', which is not a Codemate branch");
        }

        // GitHub lists only pull requests whose head is this branch of this repository (a fork's are left out), but the
        // repository ids are compared too: a run is trusted only for a pull request within the repository.
        var match = pullRequests?.FirstOrDefault(p => p is { Head.Repo: { } head, Base.Repo: { } @base } && p.Head.Ref == branch && head.Id == @base.Id);
        if (!headRepositoryIsBase || match is null || match.Number is <= 0 or > int.MaxValue)
        {
            return RoutedEvent.Ignore($"{what} on branch '{branch}' belongs to no pull request from the repository itself");
        }

        own = match;
        return EventRouter.TryIssueKey(repository, issue, out key, out var error) ? null : RoutedEvent.Invalid(error);
    }
}
