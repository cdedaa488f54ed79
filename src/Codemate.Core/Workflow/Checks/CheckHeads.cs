using System.Text.RegularExpressions;
using Codemate.Issues;
using Codemate.State;
using Codemate.Workspaces;

namespace Codemate.Workflow.Checks;

/// <summary>
/// Whether a failed check ran on a commit that is no longer the pull request's head: the agent pushed since, so the
/// failure may be fixed already and a fresh run will report on the new head. Told by the payload's pull request head
/// when it names another commit, or by the branch as Codemate last pushed or fetched it (<c>origin/issue-N</c> in the
/// workspace) when the checked commit is an older commit of it. A commit Codemate does not know is not stale.
/// </summary>
internal sealed partial class CheckHeads(IGitRunner git)
{
    public async Task<bool> IsStaleAsync(CheckFailed failure, SessionRecord record, CancellationToken cancellationToken)
    {
        if (!Sha().IsMatch(failure.HeadSha))
        {
            return false;
        }

        if (failure.PullRequestHeadSha is { } head && Sha().IsMatch(head) && !string.Equals(head, failure.HeadSha, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (record.Workspace is not { } workspace || !Directory.Exists(Path.Combine(workspace, ".git")))
        {
            return false;
        }

        var known = await git.RunAsync(new GitCommand(workspace, ["rev-parse", "--verify", "--quiet", "refs/remotes/origin/" + record.Branch + "^{commit}"]) { AllowFailure = true }, cancellationToken).ConfigureAwait(false);
        var branchHead = known.StandardOutput.Trim();
        if (known.ExitCode != 0 || string.Equals(branchHead, failure.HeadSha, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // 0: an ancestor of the branch's head, so an older commit; 1: not one; anything else: a commit git does not have.
        var ancestor = await git.RunAsync(new GitCommand(workspace, ["merge-base", "--is-ancestor", failure.HeadSha, branchHead]) { AllowFailure = true }, cancellationToken).ConfigureAwait(false);
        return ancestor.ExitCode == 0;
    }

    [GeneratedRegex("^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha();
}
