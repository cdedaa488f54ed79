using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Workflow;

/// <summary>
/// Gives a new issue its tmux session name: the original's <c>claude-{owner}-{repo}-{N}</c> while no other issue holds
/// it, else <see cref="SessionNames.Disambiguated"/>. The store's uniqueness makes the choice safe against a race.
/// </summary>
internal static class SessionNameAllocator
{
    public static async Task<string> AllocateAsync(IStateStore store, IssueKey issue, CancellationToken cancellationToken)
    {
        var preferred = SessionNames.For(issue);
        var holder = await store.GetSessionByNameAsync(preferred, cancellationToken).ConfigureAwait(false);
        return holder is null || holder.Issue == issue ? preferred : SessionNames.Disambiguated(issue);
    }
}
