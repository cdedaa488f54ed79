using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.GitHubDouble;

/// <summary>The REST endpoints Codemate calls through Octokit, under <c>/api/v3</c> as on GitHub Enterprise Server.</summary>
public sealed partial class GitHubDouble
{
    partial void MapApi(WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/v3", StringComparison.OrdinalIgnoreCase), branch => branch.Use(ApiGateAsync));
        var api = app.MapGroup("/api/v3");

        api.MapGet("/user", (HttpContext c) => Results.Json(User(Caller(c).Login)));
        api.MapGet("/app", () => Results.Json(new { id = AppId, slug = AppSlug, name = AppSlug, owner = User("codemate-org") }));
        api.MapPost("/app/installations/{id:long}/access_tokens", (long id, HttpContext c) => IssueToken(id, Caller(c)));
        api.MapGet("/app/installations/{id:long}", (long id) => InstallationAccount(id) is { } account
            ? Results.Json(new { id, app_id = AppId, account = User(account), target_type = "Organization", repository_selection = "all" })
            : Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }, statusCode: 404));
        api.MapGet("/users/{login}", (string login) => Results.Json(User(login)));

        api.MapGet("/repos/{owner}/{repo}", (string owner, string repo, HttpContext c) =>
            WithRepository(owner, repo, c, r => Results.Json(RepositoryJson(r))));
        api.MapGet("/repos/{owner}/{repo}/pulls", (string owner, string repo, string? head, string? state, HttpContext c) =>
            WithRepository(owner, repo, c, r => Results.Json(r.PullRequests
                .Where(p => head is null || $"{r.Owner}:{p.Head}".Equals(head, StringComparison.OrdinalIgnoreCase) || p.Head.Equals(head, StringComparison.OrdinalIgnoreCase))
                .Where(p => state is null or "all" || p.State == state)
                .Select(p => PullJson(r, p)))));
        api.MapPost("/repos/{owner}/{repo}/pulls", async (string owner, string repo, HttpContext c) =>
            WithRepository(owner, repo, c, await BodyAsync(c), (r, body) =>
            {
                var pull = r.CreatePull(Text(body, "title") ?? "", Text(body, "head") ?? "", Text(body, "base") ?? r.DefaultBranch, Text(body, "body"),
                    body.TryGetProperty("draft", out var draft) && draft.ValueKind == JsonValueKind.True, Caller(c).Login);
                return Results.Json(PullJson(r, pull), statusCode: 201);
            }));
        api.MapGet("/repos/{owner}/{repo}/issues/{number:int}/comments", (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, r => Results.Json(r.Comments.Where(x => x.IssueNumber == number).Select(CommentJson))));
        api.MapPost("/repos/{owner}/{repo}/issues/{number:int}/comments", async (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, await BodyAsync(c), (r, body) => Results.Json(CommentJson(r.AddComment(NextId(), number, Text(body, "body") ?? "", Caller(c).Login)), statusCode: 201)));
        api.MapMethods("/repos/{owner}/{repo}/issues/comments/{id:long}", ["PATCH"], async (string owner, string repo, long id, HttpContext c) =>
            WithRepository(owner, repo, c, await BodyAsync(c), (r, body) => r.UpdateComment(id, Text(body, "body") ?? "") is { } comment
                ? Results.Json(CommentJson(comment))
                : Results.Json(new { message = "Not Found" }, statusCode: 404)));
        api.MapPost("/repos/{owner}/{repo}/issues/{number:int}/reactions", async (string owner, string repo, int number, HttpContext c) =>
            WithRepository(owner, repo, c, await BodyAsync(c), (r, body) =>
            {
                var reaction = r.AddReaction(NextId(), number, Text(body, "content") ?? "", Caller(c).Login);
                return Results.Json(new { id = reaction.Id, content = reaction.Content, user = User(reaction.Author), created_at = Now() }, statusCode: 201);
            }));
        api.MapGet("/repos/{owner}/{repo}/collaborators/{user}/permission", (string owner, string repo, string user, HttpContext c) =>
            WithRepository(owner, repo, c, r =>
            {
                var (permission, roleName) = r.Permission(user);
                return Results.Json(new { permission, role_name = roleName, user = User(user) });
            }));
    }

    private IResult IssueToken(long installationId, DoubleCaller caller)
    {
        var issued = new IssuedToken(
            installationId,
            "ghs_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)),
            Clock.GetUtcNow() + InstallationTokenLifetime,
            caller.Jwt!.IssuedAt,
            caller.Jwt.ExpiresAt);
        _issuedTokens.Enqueue(issued);
        return Results.Json(new { token = issued.Token, expires_at = Iso(issued.ExpiresAt), permissions = new { contents = "write", issues = "write", pull_requests = "write" } }, statusCode: 201);
    }

    private IResult WithRepository(string owner, string repo, HttpContext context, JsonElement body, Func<DoubleRepository, JsonElement, IResult> handle) =>
        WithRepository(owner, repo, context, r => handle(r, body));

    /// <summary>Octokit sends JSON bodies with varying content types, so the body is read as JSON whatever it says.</summary>
    private static async Task<JsonElement> BodyAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        return document.RootElement.Clone();
    }

    private IResult WithRepository(string owner, string repo, HttpContext context, Func<DoubleRepository, IResult> handle)
    {
        var caller = Caller(context);
        if (caller.Jwt is not null
            || !_repositories.TryGetValue($"{owner}/{repo}", out var repository)
            || (caller.InstallationId is { } installation && repository.InstallationId is { } owned && installation != owned))
        {
            return Results.Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }, statusCode: 404);
        }

        return handle(repository);
    }

    private object RepositoryJson(DoubleRepository r) => new
    {
        id = Math.Abs(r.FullName.GetHashCode(StringComparison.OrdinalIgnoreCase)),
        name = r.Name,
        full_name = r.FullName,
        owner = User(r.Owner),
        @private = false,
        html_url = new Uri(ServerUrl, r.FullName).ToString(),
        clone_url = new Uri(ServerUrl, r.FullName + ".git").ToString(),
        default_branch = r.DefaultBranch,
    };

    private object PullJson(DoubleRepository r, DoublePullRequest p) => new
    {
        id = p.Number + 500_000,
        node_id = PullNodeId(r, p.Number),
        number = p.Number,
        state = p.State,
        title = p.Title,
        body = p.Body,
        draft = p.Draft,
        html_url = p.HtmlUrl,
        url = new Uri(ApiUrl, $"repos/{r.FullName}/pulls/{p.Number}").ToString(),
        user = User(p.Author),
        head = new { @ref = p.Head, label = $"{r.Owner}:{p.Head}", sha = new string('0', 40), repo = RepositoryJson(r), user = User(r.Owner) },
        @base = new { @ref = p.Base, label = $"{r.Owner}:{p.Base}", sha = new string('0', 40), repo = RepositoryJson(r), user = User(r.Owner) },
        created_at = Now(),
        updated_at = Now(),
    };

    private object CommentJson(DoubleComment comment) => new
    {
        id = comment.Id,
        body = comment.Body,
        html_url = comment.HtmlUrl,
        user = User(comment.Author),
        created_at = Now(),
        updated_at = Now(),
    };

    private object User(string login) => new
    {
        login,
        id = AccountId(login),
        type = login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User",
    };

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private string Now() => Iso(Clock.GetUtcNow());

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
