using Codemate.GitHub;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// What Codemate does with each accepted event: prepare the workspace and draft pull request, start the
/// agent with the issue as its task, forward comments, stop on close. Every step is safe to repeat, because
/// a crash or a redelivery runs the same event again.
/// </summary>
internal sealed partial class IssueWorkflow(
    IStateStore store,
    IWorkspaceManager workspaces,
    IPullRequestPreparer pullRequests,
    ISessionSupervisor sessions,
    ITriggerPolicy policy,
    FloodGuard flood,
    IGitHubIdentity identity,
    IGitHubApi github,
    IOptions<TriggerPolicyOptions> limits,
    TimeProvider time,
    ILogger<IssueWorkflow> logger) : IIssueHandler
{
    public Task HandleAsync(IssueWork work, CancellationToken cancellationToken) => work switch
    {
        IssueOpened or IssueReopened or IssueLabeled => StartAsync(work, cancellationToken),
        IssueCommentCreated comment => CommentAsync(comment, cancellationToken),
        IssueClosed or PullRequestClosed => StopAsync(work, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task StartAsync(IssueWork work, CancellationToken cancellationToken)
    {
        if (!await IsAllowedAsync(work, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var record = await store.GetSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
        if (record is { State: SessionState.Running } && await sessions.IsRunningAsync(work.Issue, cancellationToken).ConfigureAwait(false))
        {
            Log.AlreadyRunning(logger, work.Issue.Repository.FullName, work.Issue.Number);
            return;
        }

        await RunAgentAsync(work, record, comment: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prepares what is missing, queues the issue (and a comment, if one triggered this) and starts the agent.</summary>
    private async Task RunAgentAsync(IssueWork work, SessionRecord? record, IssueCommentCreated? comment, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        var now = time.GetUtcNow();
        record = (record ?? new SessionRecord
        {
            Issue = issue,
            SessionName = SessionNames.For(issue),
            Branch = issue.Branch,
            State = SessionState.Preparing,
            CreatedAt = now,
        }) with
        {
            State = SessionState.Preparing,
            Details = work.Details,
            InstallationId = work.InstallationId ?? record?.InstallationId,
            LastError = null,
            UpdatedAt = now,
        };
        await store.SaveSessionAsync(record, cancellationToken).ConfigureAwait(false);

        PreparedWorkspace workspace;
        PullRequestInfo pullRequest;
        try
        {
            Log.Preparing(logger, issue.Repository.FullName, issue.Number);
            workspace = await workspaces.PrepareAsync(issue, record.InstallationId, cancellationToken).ConfigureAwait(false);
            record = record with { Workspace = workspace.Path, Branch = workspace.Branch, UpdatedAt = time.GetUtcNow() };
            await store.SaveSessionAsync(record, cancellationToken).ConfigureAwait(false);
            pullRequest = await pullRequests.EnsureDraftPullRequestAsync(issue, work.Details, workspace, record.InstallationId, cancellationToken).ConfigureAwait(false);
            record = record with { PullRequestUrl = pullRequest.HtmlUrl, PullRequestNumber = pullRequest.Number, UpdatedAt = time.GetUtcNow() };
            await store.SaveSessionAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            await FailAsync(record, "prepare the workspace and draft pull request", exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Keys make a repeated event (crash, redelivery) queue nothing twice.
        await store.TryEnqueueMessageAsync(issue, $"issue:{work.DeliveryId}", IssuePrompt(issue, work.Details, workspace.Branch, pullRequest.HtmlUrl), cancellationToken).ConfigureAwait(false);
        if (comment is not null)
        {
            await store.TryEnqueueMessageAsync(issue, $"comment:{comment.CommentId}", CommentPrompt(comment), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await sessions.StartSessionAsync(new SessionContext(issue, workspace.Path, workspace.Branch, pullRequest.HtmlUrl), cancellationToken).ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            await FailAsync(record, "start the agent", exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        now = time.GetUtcNow();
        await store.SaveSessionAsync(record with { State = SessionState.Running, StartedAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        sessions.NotifyQueued(issue);
        Log.Started(logger, issue.Repository.FullName, issue.Number, record.SessionName);
    }

    private async Task StopAsync(IssueWork work, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return;
        }

        await sessions.StopSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
        var reason = work is PullRequestClosed { Merged: true } ? "the pull request was merged" : work is PullRequestClosed ? "the pull request was closed" : "the issue was closed";
        await store.SaveSessionAsync(record with { State = SessionState.Stopped, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        Log.Stopped(logger, work.Issue.Repository.FullName, work.Issue.Number, reason);
    }

    private async Task<bool> IsAllowedAsync(IssueWork work, CancellationToken cancellationToken)
    {
        var decision = await policy.EvaluateAsync(work, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.NotAllowed(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, decision.Reason);
        }

        return decision.IsAllowed;
    }

    private async Task FailAsync(SessionRecord record, string step, CodemateException exception, CancellationToken cancellationToken)
    {
        Log.Failed(logger, record.Issue.Repository.FullName, record.Issue.Number, step, exception);
        await store.SaveSessionAsync(record with { State = SessionState.Failed, LastError = exception.Message, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        await TellIssueAsync(
            record,
            $"Codemate could not {step}: {exception.Message}\n\nThe workspace is kept; comment on this issue to try again.",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task TellIssueAsync(SessionRecord record, string text, CancellationToken cancellationToken)
    {
        try
        {
            await github.CreateIssueCommentAsync(record.Issue, text, record.InstallationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Telling the author is best effort: the log has the cause either way.
            Log.CouldNotComment(logger, record.Issue.Repository.FullName, record.Issue.Number, exception);
        }
    }

    private string IssuePrompt(IssueKey issue, IssueDetails details, string branch, string? pullRequestUrl)
    {
        var max = limits.Value.MaxPromptChars;
        var clean = details with
        {
            Title = PromptSanitizer.Sanitize(details.Title, 1_000).Text,
            Body = PromptSanitizer.Sanitize(details.Body, max).Text,
        };
        return PromptFormatter.IssuePrompt(issue, clean, branch, pullRequestUrl);
    }

    private string CommentPrompt(IssueCommentCreated comment) =>
        PromptFormatter.CommentPrompt(comment.Author.Login, PromptSanitizer.Sanitize(comment.Body, limits.Value.MaxCommentChars).Text);
}
