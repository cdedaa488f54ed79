using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.GitHubDouble;

/// <summary>
/// One pull request by number (REST), replies in its review threads (REST: Octokit's <c>in_reply_to</c> form and the
/// <c>/replies</c> endpoint, and the list of the pull request's review comments, which holds those replies; only replies, GitHub's rule that a reply names the thread's first comment is not checked), and GraphQL's <c>markPullRequestReadyForReview</c> at <c>/api/graphql</c>, where
/// GitHub Enterprise Server serves GraphQL next to <c>/api/v3</c>. Only that mutation is understood.
/// </summary>
public sealed partial class GitHubDouble
{
    partial void MapPullRequests(WebApplication app)
    {
        app.MapGet("/api/v3/repos/{owner}/{repo}/pulls/{number:int}", (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, r => r.PullRequests.FirstOrDefault(p => p.Number == number) is { } pull
                ? Results.Json(PullJson(r, pull))
                : Results.Json(new { message = "Not Found" }, statusCode: 404)));
        app.MapPost("/api/v3/repos/{owner}/{repo}/pulls/{number:int}/comments", async (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, await BodyAsync(c), (r, body) => body.TryGetProperty("in_reply_to", out var to) && to.TryGetInt64(out var thread)
                ? ReviewReply(r, number, thread, body, c)
                : Results.Json(new { message = "The double only takes replies (in_reply_to) to review comments." }, statusCode: 422)));
        app.MapGet("/api/v3/repos/{owner}/{repo}/pulls/{number:int}/comments", (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, r => r.PullRequests.Any(p => p.Number == number)
                ? Results.Json(r.ReviewComments.Where(x => x.PullNumber == number).Select(x => ReviewCommentJson(r, x)).ToArray())
                : Results.Json(new { message = "Not Found" }, statusCode: 404)));
        app.MapPost("/api/v3/repos/{owner}/{repo}/pulls/{number:int}/comments/{id:long}/replies", async (string owner, string repo, int number, long id, HttpContext c) =>
            WithRepository(owner, repo, c, await BodyAsync(c), (r, body) => ReviewReply(r, number, id, body, c)));
        app.MapPost("/api/graphql", async (HttpContext c) => GraphQl(await BodyAsync(c), c));
    }

    private IResult ReviewReply(DoubleRepository repository, int number, long thread, JsonElement body, HttpContext context)
    {
        if (repository.PullRequests.All(p => p.Number != number))
        {
            return Results.Json(new { message = "Not Found" }, statusCode: 404);
        }

        var reply = repository.AddReviewReply(NextId(), number, thread, Text(body, "body") ?? string.Empty, Caller(context).Login);
        return Results.Json(ReviewCommentJson(repository, reply), statusCode: 201);
    }

    private object ReviewCommentJson(DoubleRepository repository, DoubleReviewComment comment) => new
    {
        id = comment.Id,
        node_id = "PRRC_" + comment.Id,
        pull_request_review_id = comment.Id,
        in_reply_to_id = comment.InReplyTo,
        body = comment.Body,
        path = "README.md",
        diff_hunk = "@@ -1 +1 @@",
        user = User(comment.Author),
        html_url = $"{repository.FullName}/pull/{comment.PullNumber}#discussion_r{comment.Id}",
        created_at = Now(),
        updated_at = Now(),
    };

    private IResult GraphQl(JsonElement body, HttpContext context)
    {
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString()))
        {
            return Results.Json(new { message = "This endpoint requires you to be authenticated." }, statusCode: 401);
        }

        var query = Text(body, "query") ?? string.Empty;
        if (!query.Contains("markPullRequestReadyForReview", StringComparison.Ordinal))
        {
            return Results.Json(new { errors = new[] { new { message = "The double only understands markPullRequestReadyForReview." } } });
        }

        var id = body.TryGetProperty("variables", out var variables) ? Text(variables, "id") : null;
        if (id is null || !TryParsePullNodeId(id, out var fullName, out var number)
            || !_repositories.TryGetValue(fullName, out var repository)
            || repository.UpdatePull(number, p => p with { Draft = false }) is null)
        {
            return Results.Json(new { errors = new[] { new { message = $"Could not resolve to a node with the global id of '{id}'." } } });
        }

        return Results.Json(new { data = new { markPullRequestReadyForReview = new { pullRequest = new { isDraft = false } } } });
    }

    private static string PullNodeId(DoubleRepository repository, int number) =>
        "PR_" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{repository.FullName}#{number}"));

    private static bool TryParsePullNodeId(string id, out string fullName, out int number)
    {
        fullName = string.Empty;
        number = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(id["PR_".Length..]));
            var hash = text.LastIndexOf('#');
            fullName = text[..hash];
            return id.StartsWith("PR_", StringComparison.Ordinal) && int.TryParse(text[(hash + 1)..], out number);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
