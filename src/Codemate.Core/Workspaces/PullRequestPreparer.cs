using System.Globalization;
using Codemate.GitHub;
using Codemate.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workspaces;

/// <summary>Pushes the initial commit, then finds or opens the issue's draft pull request through <see cref="IGitHubApi"/>.</summary>
internal sealed partial class PullRequestPreparer(
    IGitRunner git,
    IWorkspaceManager workspaces,
    IGitHubApi gitHub,
    IOptions<WorkspaceOptions> options,
    ILogger<PullRequestPreparer> logger) : IPullRequestPreparer
{
    public async Task<PullRequestInfo> EnsureDraftPullRequestAsync(IssueKey issue, IssueDetails details, PreparedWorkspace workspace, long? installationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(workspace);
        var repository = issue.Repository;
        var existing = await gitHub.FindOpenPullRequestAsync(repository, workspace.Branch, installationId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            Log.Reused(logger, repository.FullName, issue.Number, existing.HtmlUrl);
            return existing;
        }

        await EnsureOwnCommitAsync(issue, workspace, cancellationToken).ConfigureAwait(false);
        await workspaces.PushIfAheadAsync(workspace.Path, workspace.Branch, installationId, cancellationToken).ConfigureAwait(false);

        var request = new NewDraftPullRequest(Title(issue, details), workspace.Branch, workspace.DefaultBranch, Body(issue, workspace));
        PullRequestInfo created;
        try
        {
            created = await gitHub.CreateDraftPullRequestAsync(repository, request, installationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another delivery may have opened it in the meantime (GitHub answers 422): that one is ours too.
            var raced = await gitHub.FindOpenPullRequestAsync(repository, workspace.Branch, installationId, cancellationToken).ConfigureAwait(false);
            if (raced is not null)
            {
                Log.Reused(logger, repository.FullName, issue.Number, raced.HtmlUrl);
                return raced;
            }

            Log.CreateFailed(logger, ex, repository.FullName, issue.Number);
            throw new WorkspaceException($"GitHub did not open a draft pull request for {issue} from {workspace.Branch} into {workspace.DefaultBranch}: {ex.Message}", ex);
        }

        Log.Created(logger, repository.FullName, issue.Number, created.HtmlUrl);
        return created;
    }

    internal static string Title(IssueKey issue, IssueDetails details) =>
        string.IsNullOrWhiteSpace(details.Title)
            ? string.Create(CultureInfo.InvariantCulture, $"Work on issue #{issue.Number}")
            : details.Title.Trim();

    internal static string Body(IssueKey issue, PreparedWorkspace workspace) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        Closes #{issue.Number}

        🚧 **Work in progress.** Codemate is working on this issue; commits will appear on `{workspace.Branch}` as the work goes on. This pull request stays a draft until the work is ready for review.
        """);

    /// <summary>Adds one empty commit when the branch has nothing beyond the default branch (GitHub refuses a pull request without a diff).</summary>
    private async Task EnsureOwnCommitAsync(IssueKey issue, PreparedWorkspace workspace, CancellationToken cancellationToken)
    {
        var branch = "refs/heads/" + workspace.Branch;
        var own = await RunAsync(workspace.Path, ["rev-list", "--count", "refs/remotes/origin/" + workspace.DefaultBranch + ".." + branch], cancellationToken).ConfigureAwait(false);
        if (int.Parse(own.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        // Plumbing rather than 'git commit': whatever the agent may have staged stays out of Codemate's commit.
        var head = (await RunAsync(workspace.Path, ["rev-parse", "--verify", branch], cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        var message = string.Create(CultureInfo.InvariantCulture, $"Start work on #{issue.Number}");
        var commit = (await RunAsync(workspace.Path, ["commit-tree", head + "^{tree}", "-p", head, "-m", message], cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        await RunAsync(workspace.Path, ["update-ref", "-m", "codemate: initial commit", branch, commit, head], cancellationToken).ConfigureAwait(false);
        Log.InitialCommit(logger, issue.Repository.FullName, issue.Number, commit);
    }

    private Task<GitResult> RunAsync(string directory, string[] arguments, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        return git.RunAsync(
            new GitCommand(directory, arguments)
            {
                Configuration = [new("user.name", settings.CommitterName), new("user.email", settings.CommitterEmail)],
            },
            cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(4201, LogLevel.Information, "Reusing the open pull request {PullRequestUrl} for {Repository}#{Issue}")]
        public static partial void Reused(ILogger logger, string repository, int issue, string pullRequestUrl);

        [LoggerMessage(4202, LogLevel.Information, "Opened draft pull request {PullRequestUrl} for {Repository}#{Issue}")]
        public static partial void Created(ILogger logger, string repository, int issue, string pullRequestUrl);

        [LoggerMessage(4203, LogLevel.Error, "Could not open a draft pull request for {Repository}#{Issue}")]
        public static partial void CreateFailed(ILogger logger, Exception exception, string repository, int issue);

        [LoggerMessage(4205, LogLevel.Information, "Added the initial commit {Commit} for {Repository}#{Issue}")]
        public static partial void InitialCommit(ILogger logger, string repository, int issue, string commit);
    }
}
