using System.Security.Cryptography;
using System.Text;
using Codemate.Issues;
using Codemate.State;

namespace Codemate.Workflow.Status;

/// <summary>
/// Queues text for the agent and follows the pull request feedback among it, for the status comment's count of feedback
/// waiting (<see cref="PullRequestState"/>: recorded and not yet typed in): recorded before it is queued (an idle agent can
/// receive it at once), marked when typed in (<see cref="Sessions.MessageDelivered"/>), which ends its wait, dropped at the
/// agent's next idle after that. A key queued before (a redelivery) adds nothing. Each step is a compare-and-set on the
/// session record.
/// </summary>
internal sealed class FeedbackWaiting(IStateStore store, SessionLifecycle lifecycle)
{
    /// <summary>Queues <paramref name="message"/> once (see <see cref="IStateStore.TryEnqueueMessageAsync"/>), following it if it is pull request feedback.</summary>
    /// <returns>The queued message, or <see langword="null"/> when its key was queued before.</returns>
    public async Task<QueuedMessage?> EnqueueAsync(IssueKey issue, AgentMessage message, CancellationToken cancellationToken)
    {
        var added = false;
        if (message.Feedback is { } kind)
        {
            var waiting = new WaitingFeedback(message.Key, kind, Hash(message.Text), Delivered: false);
            await lifecycle.UpdateAsync(
                issue,
                current =>
                {
                    added = current.FeedbackWaiting.All(f => f.Key != message.Key);
                    return added ? current with { FeedbackWaiting = [.. current.FeedbackWaiting, waiting] } : null;
                },
                cancellationToken).ConfigureAwait(false);
        }

        var queued = await store.TryEnqueueMessageAsync(issue, message.Key, message.Text, cancellationToken).ConfigureAwait(false);
        if (queued is null && added)
        {
            // Queued before and answered since: nothing waits for it now.
            await lifecycle.UpdateAsync(
                issue,
                current => current.FeedbackWaiting.Any(f => f.Key == message.Key && !f.Delivered)
                    ? current with { FeedbackWaiting = [.. current.FeedbackWaiting.Where(f => f.Key != message.Key)] }
                    : null,
                cancellationToken).ConfigureAwait(false);
        }

        return queued;
    }

    /// <summary>Text was typed into the agent: if it was followed feedback, it waits no longer, and the agent's next idle answers it.</summary>
    /// <returns>Whether the count of feedback waiting changed.</returns>
    public async Task<bool> DeliveredAsync(IssueKey issue, string text, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record is null || record.FeedbackWaiting.All(f => f.Delivered))
        {
            return false;
        }

        var hash = Hash(text);
        var marked = false;
        await lifecycle.UpdateAsync(
            issue,
            current =>
            {
                var index = current.FeedbackWaiting.ToList().FindIndex(f => !f.Delivered && f.PromptHash == hash);
                if (index < 0)
                {
                    marked = false;
                    return null;
                }

                var waiting = current.FeedbackWaiting.ToArray();
                waiting[index] = waiting[index] with { Delivered = true };
                marked = true;
                return current with { FeedbackWaiting = waiting };
            },
            cancellationToken).ConfigureAwait(false);
        return marked;
    }

    /// <summary>The agent went idle after working: it has answered what it had received.</summary>
    /// <returns>Whether it dropped any feedback.</returns>
    public async Task<bool> AnsweredAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.FeedbackWaiting.Any(f => f.Delivered))
        {
            return false;
        }

        var changed = false;
        await lifecycle.UpdateAsync(
            issue,
            current =>
            {
                changed = current.FeedbackWaiting.Any(f => f.Delivered);
                return changed ? current with { FeedbackWaiting = [.. current.FeedbackWaiting.Where(f => !f.Delivered)] } : null;
            },
            cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
