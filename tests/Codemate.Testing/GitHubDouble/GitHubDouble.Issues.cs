using System.Text.Json.Nodes;
using Codemate.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.GitHubDouble;

/// <summary>One issue by number (REST <c>GET /repos/{owner}/{repo}/issues/{number}</c>), shaped like the webhook payloads' issues.</summary>
public sealed partial class GitHubDouble
{
    partial void MapIssues(WebApplication app) =>
        app.MapGet("/api/v3/repos/{owner}/{repo}/issues/{number:int}", (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, r => r.Issue(number) is { } issue
                ? Results.Content(IssueJson(r, issue).ToJsonString(), "application/json")
                : Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest/issues/issues#get-an-issue" }, statusCode: 404)));

    private JsonObject IssueJson(DoubleRepository repository, DoubleIssue issue)
    {
        var json = WebhookPayloads.Issue(issue.Number, issue.Title, issue.Body, issue.Author, labels: issue.Labels);
        json["user"]!["id"] = issue.AuthorId ?? AccountId(issue.Author);
        json["state"] = issue.State;
        json["url"] = $"https://api.github.com/repos/{repository.FullName}/issues/{issue.Number}";
        return json;
    }
}
