using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemate.Testing.GitHubDouble;

/// <summary>
/// A local stand-in for GitHub on 127.0.0.1: the REST endpoints Octokit calls (under <c>/api/v3</c>, as on
/// GitHub Enterprise Server) and git over smart HTTP. Records every call and can be told to fail.
/// </summary>
public sealed partial class GitHubDouble : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private WebApplication? _app;

    private GitHubDouble(string dataDirectory) => DataDirectory = dataDirectory;

    /// <summary>Web URL: what <c>GITHUB_SERVER_URL</c> points at. Git is served here.</summary>
    public Uri ServerUrl { get; private set; } = null!;

    /// <summary>REST URL: what <c>GITHUB_API_URL</c> points at.</summary>
    public Uri ApiUrl => new(ServerUrl, "api/v3/");

    /// <summary>Where the double keeps its bare repositories.</summary>
    public string DataDirectory { get; }

    /// <summary>Every request the double received, in order.</summary>
    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    public static async Task<GitHubDouble> StartAsync(string dataDirectory)
    {
        var double_ = new GitHubDouble(dataDirectory);
        await double_.StartCoreAsync();
        return double_;
    }

    private async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(this);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            _calls.Enqueue(new RecordedCall(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
            await next(context);
        });
        MapApi(app);
        MapPullRequests(app);
        MapIssues(app);
        MapChecks(app);
        MapGit(app);
        await app.StartAsync();
        _app = app;
        ServerUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    partial void MapApi(WebApplication app);

    partial void MapGit(WebApplication app);

    partial void MapPullRequests(WebApplication app);

    partial void MapIssues(WebApplication app);

    partial void MapChecks(WebApplication app);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One request the double received.</summary>
public sealed record RecordedCall(string Method, string PathAndQuery, string Authorization);
