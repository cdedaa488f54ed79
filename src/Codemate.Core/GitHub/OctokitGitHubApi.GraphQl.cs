using System.Text.Json;
using Codemate.Issues;
using Octokit;

namespace Codemate.GitHub;

/// <summary>What REST cannot do: GitHub ignores <c>draft=false</c> on a pull request, so readiness goes through GraphQL.</summary>
internal sealed partial class OctokitGitHubApi
{
    private const string ReadyForReviewMutation =
        "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }";

    public Task MarkPullRequestReadyForReviewAsync(RepositoryName repository, int number, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"mark pull request #{number} of {repository} ready for review", installationId, async client =>
        {
            var pull = await client.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false);
            if (!pull.Draft)
            {
                return true;
            }

            // A string body is sent as it is, so the variable names keep their GraphQL spelling.
            var body = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["query"] = ReadyForReviewMutation,
                ["variables"] = new Dictionary<string, string> { ["id"] = pull.NodeId },
            });
            var response = await client.Connection.Post<object>(GraphQlUri(client.Connection.BaseAddress), body, "application/json", "application/json", new Dictionary<string, string>(), CancellationToken.None).ConfigureAwait(false);
            if (response.HttpResponse.Body is string { Length: > 0 } text && GraphQlError(text) is { } error)
            {
                throw new CodemateException($"GitHub refused to mark pull request #{number} of {repository} ready for review: {error}");
            }

            // GraphQL answers errors with 200, and Octokit may have consumed the body: the pull request itself tells.
            if ((await client.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false)).Draft)
            {
                throw new CodemateException($"GitHub left pull request #{number} of {repository} a draft after markPullRequestReadyForReview.");
            }

            return true;
        }, cancellationToken);

    /// <summary><c>https://api.github.com/graphql</c> on github.com; <c>https://host/api/graphql</c> next to GHES's <c>/api/v3</c>.</summary>
    internal static Uri GraphQlUri(Uri apiBase)
    {
        var path = apiBase.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? new Uri(apiBase, path[..^"/v3".Length] + "/graphql")
            : new Uri(apiBase, path + "/graphql");
    }

    private static string? GraphQlError(string response)
    {
        using var document = JsonDocument.Parse(response);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("errors", out var errors)
            && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
            ? string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : e.ToString()))
            : null;
    }
}
