using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.GitHubDouble;

/// <summary>
/// Check-run annotations and GitHub Actions' jobs and job logs. A log is served as GitHub serves it: the API answers
/// <c>302</c> to a plain-text download outside <c>/api/v3</c> that needs no token (GitHub's is a signed blob URL).
/// </summary>
public sealed partial class GitHubDouble
{
    partial void MapChecks(WebApplication app)
    {
        app.MapGet("/api/v3/repos/{owner}/{repo}/check-runs/{id:long}/annotations", (string owner, string repo, long id, HttpContext c) =>
            WithRepository(owner, repo, c, r => Results.Json(r.Checks.Annotations(id).Select(a => new
            {
                path = a.Path,
                start_line = a.StartLine,
                end_line = a.EndLine,
                start_column = (int?)null,
                end_column = (int?)null,
                annotation_level = a.Level,
                title = a.Title,
                message = a.Message,
                raw_details = (string?)null,
                blob_href = $"https://github.com/{r.FullName}/blob/{new string('a', 40)}/{a.Path}",
            }))));
        app.MapGet("/api/v3/repos/{owner}/{repo}/actions/runs/{runId:long}/jobs", (string owner, string repo, long runId, HttpContext c) =>
            WithRepository(owner, repo, c, r =>
            {
                var jobs = r.Checks.JobsOfRun(runId);
                return Results.Json(new { total_count = jobs.Count, jobs = jobs.Select(j => JobJson(r, j)) });
            }));
        app.MapGet("/api/v3/repos/{owner}/{repo}/actions/jobs/{id:long}", (string owner, string repo, long id, HttpContext c) =>
            WithRepository(owner, repo, c, r => r.Checks.Job(id) is { } job
                ? Results.Json(JobJson(r, job))
                : Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest/actions/workflow-jobs#get-a-job-for-a-workflow-run" }, statusCode: 404)));
        app.MapGet("/api/v3/repos/{owner}/{repo}/actions/jobs/{id:long}/logs", (string owner, string repo, long id, HttpContext c) =>
            WithRepository(owner, repo, c, r => r.Checks.Job(id) is null
                ? Results.Json(new { message = "Not Found" }, statusCode: 404)
                : Results.Redirect(new Uri(ServerUrl, $"_job-logs/{r.FullName}/{id}?sig=signed").ToString())));
        app.MapGet("/_job-logs/{owner}/{repo}/{id:long}", (string owner, string repo, long id) =>
            _repositories.TryGetValue($"{owner}/{repo}", out var r) && r.Checks.Job(id) is { } job
                ? Results.Text(job.Log, "text/plain", Encoding.UTF8)
                : Results.NotFound());
    }

    private object JobJson(DoubleRepository r, DoubleJob job)
    {
        var api = $"https://api.github.com/repos/{r.FullName}";
        var at = Now();
        return new
        {
            id = job.Id,
            run_id = job.RunId,
            run_url = $"{api}/actions/runs/{job.RunId}",
            run_attempt = 1,
            node_id = "CR_kwDOAAAAAA",
            head_sha = new string('a', 40),
            head_branch = "main",
            url = $"{api}/actions/jobs/{job.Id}",
            html_url = $"https://github.com/{r.FullName}/actions/runs/{job.RunId}/job/{job.Id}",
            status = "completed",
            conclusion = job.Conclusion,
            created_at = at,
            started_at = at,
            completed_at = at,
            name = job.Name,
            steps = job.Steps.Select(s => new { name = s.Name, status = "completed", conclusion = s.Conclusion, number = s.Number, started_at = at, completed_at = at }),
            check_run_url = $"{api}/check-runs/{job.Id}",
            labels = new[] { "ubuntu-latest" },
            runner_id = 1,
            runner_name = "GitHub Actions 1",
            runner_group_id = 1,
            runner_group_name = "GitHub Actions",
            workflow_name = "CI",
        };
    }
}
