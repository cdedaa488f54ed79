using System.Text;
using CliWrap;
using Codemate.Testing.Git;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Codemate.Testing.GitHubDouble;

/// <summary>Git over smart HTTP: <c>git http-backend</c> run as CGI, behind HTTP Basic authentication with accepted tokens and live installation tokens.</summary>
public sealed partial class GitHubDouble
{
    partial void MapGit(WebApplication app)
    {
        app.MapGet("/{owner}/{repo}/info/refs", (HttpContext context, string owner, string repo) => ServeGitAsync(context, owner, repo, "/info/refs"));
        app.MapPost("/{owner}/{repo}/git-upload-pack", (HttpContext context, string owner, string repo) => ServeGitAsync(context, owner, repo, "/git-upload-pack"));
        app.MapPost("/{owner}/{repo}/git-receive-pack", (HttpContext context, string owner, string repo) => ServeGitAsync(context, owner, repo, "/git-receive-pack"));
    }

    private async Task ServeGitAsync(HttpContext context, string owner, string repo, string service)
    {
        if (!TryAuthenticateGit(context.Request, out var user))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"GitHub double\"";
            await context.Response.WriteAsync("Invalid username or token.\n");
            return;
        }

        var name = repo.EndsWith(".git", StringComparison.Ordinal) ? repo[..^4] : repo;
        if (!Directory.Exists(RepositoryPath(owner, name)) || owner.Contains("..", StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("Repository not found.\n");
            return;
        }

        var request = context.Request;
        var environment = new Dictionary<string, string?>(TestGit.IsolatedEnvironment)
        {
            ["GIT_PROJECT_ROOT"] = RepositoriesDirectory,
            ["GIT_HTTP_EXPORT_ALL"] = "1",
            ["PATH_INFO"] = $"/{owner}/{name}.git{service}",
            ["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
            ["REQUEST_METHOD"] = request.Method,
            ["CONTENT_TYPE"] = request.ContentType ?? string.Empty,
            ["REMOTE_USER"] = user,
            ["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            ["SERVER_PROTOCOL"] = request.Protocol,
        };
        if (request.ContentLength is { } length)
        {
            environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            environment["HTTP_GIT_PROTOCOL"] = protocol;
        }

        var stderr = new StringBuilder();
        var wroteHeaders = false;
        var result = await Cli.Wrap("git")
            .WithArguments("http-backend")
            .WithEnvironmentVariables(environment)
            .WithStandardInputPipe(PipeSource.FromStream(request.Body))
            .WithStandardOutputPipe(PipeTarget.Create(async (stdout, cancellationToken) =>
            {
                wroteHeaders = await CopyCgiResponseAsync(stdout, context.Response, cancellationToken);
            }))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(context.RequestAborted);
        if (!wroteHeaders || (result.ExitCode != 0 && !context.Response.HasStarted))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync($"git http-backend failed ({result.ExitCode}): {stderr}");
        }
    }

    private bool TryAuthenticateGit(HttpRequest request, out string user)
    {
        user = string.Empty;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var password = colon <= 0 ? string.Empty : decoded[(colon + 1)..];
        if (colon <= 0 || (!_gitTokens.ContainsKey(password) && !IsLiveInstallationToken(password)))
        {
            return false;
        }

        user = decoded[..colon];
        return true;
    }

    /// <summary>Installation tokens work for git too, as on GitHub, until they expire on the double's clock.</summary>
    private bool IsLiveInstallationToken(string token) =>
        !_revokedGitTokens.ContainsKey(token) && _issuedTokens.Any(t => t.Token == token && t.ExpiresAt > Clock.GetUtcNow());

    /// <summary>Turns CGI output (headers, a blank line, the body) into the HTTP response.</summary>
    private static async Task<bool> CopyCgiResponseAsync(Stream stdout, HttpResponse response, CancellationToken cancellationToken)
    {
        var header = new List<byte>();
        var one = new byte[1];
        while (await stdout.ReadAsync(one, cancellationToken) == 1)
        {
            header.Add(one[0]);
            var count = header.Count;
            if ((count >= 2 && header[^1] == '\n' && header[^2] == '\n')
                || (count >= 4 && header[^1] == '\n' && header[^2] == '\r' && header[^3] == '\n' && header[^4] == '\r'))
            {
                break;
            }
        }

        if (header.Count == 0)
        {
            return false;
        }

        foreach (var line in Encoding.ASCII.GetString([.. header]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (!name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                response.Headers.Append(name, value);
            }
        }

        await stdout.CopyToAsync(response.Body, cancellationToken);
        return true;
    }
}
