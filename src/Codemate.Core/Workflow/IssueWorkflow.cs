using Codemate.Diagnostics;
using Codemate.GitHub;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workflow.Status;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// What Codemate does with each accepted event: take a session slot or queue, prepare the workspace and draft pull
/// request, start the agent with the issue as its task, forward comments and obey commands, stop on close, and tell
/// the issue through one living status comment. Every step is safe to repeat, because a crash or a redelivery runs
/// the same event again.
/// </summary>
internal sealed partial class IssueWorkflow(
    IStateStore store,
    SessionLifecycle lifecycle,
    IWorkspaceManager workspaces,
    IPullRequestPreparer pullRequests,
    ISessionSupervisor sessions,
    ITriggerPolicy policy,
    FloodGuard flood,
    IGitHubIdentity identity,
    SessionSlots slots,
    StatusReporter status,
    SessionStopper stopper,
    QueuePromoter promoter,
    StartCheck check,
    Checks.CiFeedback ci,
    WorkQueue queue,
    Reviews.ReviewReplies replies,
    FeedbackWaiting feedback,
    IOptions<TriggerPolicyOptions> limits,
    CodemateMetrics metrics,
    TimeProvider time,
    ILogger<IssueWorkflow> logger) : IIssueHandler
{
    public Task HandleAsync(IssueWork work, CancellationToken cancellationToken) => work switch
    {
        IssueOpened or IssueReopened or IssueLabeled => StartAsync(work, cancellationToken),
        IssueCommentCreated comment => CommentAsync(comment, cancellationToken),
        ReviewCommentCreated or ReviewSubmitted => ReviewAsync((PullRequestFeedback)work, cancellationToken),
        CheckFailed failed => ci.HandleAsync(failed, cancellationToken),
        CheckPassed passed => ci.PassedAsync(passed, cancellationToken),
        IssueClosed or PullRequestClosed => CloseAsync(work, cancellationToken),
        QueuedIssueReady ready => StartQueuedAsync(ready, cancellationToken),
        SessionInterrupted interrupted => TakeOverAsync(interrupted, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task StartAsync(IssueWork work, CancellationToken cancellationToken)
    {
        if (!await IsAllowedAsync(work, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var record = await store.GetSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
        if (record is { State: SessionState.Queued }
            || (record is { State: SessionState.Running } && await sessions.IsRunningAsync(work.Issue, cancellationToken).ConfigureAwait(false)))
        {
            Log.AlreadyRunning(logger, work.Issue.Repository.FullName, work.Issue.Number);
            return;
        }

        if (await CheckStartAsync(work, record, work is IssueLabeled ? VouchKind.Label : null, cancellationToken).ConfigureAwait(false) is { } grant)
        {
            await RunAgentAsync(work, record, grant, message: null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartQueuedAsync(QueuedIssueReady work, CancellationToken cancellationToken)
    {
        try
        {
            var record = await store.GetSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
            if (record is { State: SessionState.Queued })
            {
                // Its text was checked when it was queued; its prompt waits in the queue since.
                await RunAgentAsync(work, record, grant: null, message: null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            promoter.Handled(work.Issue);
        }
    }

    private async Task QueueAsync(IssueKey issue, AgentMessage? message, CancellationToken cancellationToken)
    {
        if (message is { } text)
        {
            await feedback.EnqueueAsync(issue, text, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task CloseAsync(IssueWork work, CancellationToken cancellationToken) => work is PullRequestClosed pullRequest
        ? stopper.PullRequestClosedAsync(pullRequest, cancellationToken)
        : stopper.StopAsync(work.Issue, "the issue was closed.", closed: true, finished: false, cancellationToken);

    private async Task<bool> IsAllowedAsync(IssueWork work, CancellationToken cancellationToken)
    {
        var decision = await policy.EvaluateAsync(work, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.NotAllowed(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, decision.Reason);
        }

        return decision.IsAllowed;
    }

    /// <summary>
    /// The issue goes to a new agent before any text still queued from an earlier session (comments that waited for an
    /// agent that died): the agent must know its task before it reads what people said about it.
    /// </summary>
    private Task<QueuedMessage?> EnqueueIssuePromptAsync(IssueWork work, IssueDetails details, string branch, string? pullRequestUrl, bool interrupted, CancellationToken cancellationToken)
    {
        var prompt = IssuePrompt(work.Issue, details, branch, pullRequestUrl);
        if (interrupted)
        {
            prompt += "\n\n" + PromptFormatter.InterruptedNote(branch);
        }

        return store.TryEnqueueMessageFirstAsync(work.Issue, $"issue:{work.DeliveryId}", prompt, cancellationToken);
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

    private AgentMessage CommentMessage(IssueCommentCreated comment) => new(
        $"comment:{comment.CommentId}",
        PromptFormatter.CommentPrompt(comment.Author.Login, Sanitize(comment.Body), comment.PullRequestNumber),
        comment.PullRequestNumber is null ? null : FeedbackKind.Comment);

    private string Sanitize(string text) => PromptSanitizer.Sanitize(text, limits.Value.MaxCommentChars).Text;
}
