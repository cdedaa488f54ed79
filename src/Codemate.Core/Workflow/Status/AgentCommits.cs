using System.Globalization;
using Codemate.State;
using Codemate.Workspaces;

namespace Codemate.Workflow.Status;

/// <summary>Counts the agent's commits that reached GitHub: on <c>origin/issue-N</c>, beyond the default branch, without Codemate's empty start commit.</summary>
internal sealed class AgentCommits(IGitRunner git)
{
    public async Task<int?> CountPushedAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        if (record.Workspace is not { } workspace || record.DefaultBranch is not { } defaultBranch || !Directory.Exists(Path.Combine(workspace, ".git")))
        {
            return null;
        }

        var start = string.Create(CultureInfo.InvariantCulture, $"^Start work on #{record.Issue.Number}$");
        var result = await git.RunAsync(
            new GitCommand(workspace, ["rev-list", "--count", "--invert-grep", "--grep=" + start, "refs/remotes/origin/" + record.Branch, "--not", "refs/remotes/origin/" + defaultBranch])
            {
                AllowFailure = true,
            },
            cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
    }
}
