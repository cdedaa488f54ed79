using System.Net;
using Codemate.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;
using Polly;

namespace Codemate.GitHub;

/// <summary>
/// Builds Octokit clients that talk to <see cref="GitHubOptions.ApiUrl"/> through the retry pipeline of
/// <see cref="GitHubResilience"/>, authenticated by the given credential store.
/// </summary>
internal sealed class GitHubConnectionFactory
{
    private static readonly ProductHeaderValue ProductHeader = new("Codemate", typeof(GitHubConnectionFactory).Assembly.GetName().Version?.ToString(3) ?? "0");
    private static readonly TimeSpan WholeCallTimeout = TimeSpan.FromMinutes(30);
    private readonly Lazy<ResiliencePipeline<HttpResponseMessage>> _pipeline;
    private readonly Uri _baseAddress;
    private readonly CodemateMetrics _metrics;

    public GitHubConnectionFactory(IOptions<GitHubOptions> options, TimeProvider time, CodemateMetrics metrics, ILogger<GitHubConnectionFactory> logger)
    {
        _metrics = metrics;
        _baseAddress = ApiBaseAddress(options.Value.ApiUrl);
        _pipeline = new(() => GitHubResilience.Build(options.Value, time, logger));
    }

    public IGitHubClient Create(ICredentialStore credentials)
    {
        var pipeline = _pipeline.Value;
        var adapter = new HttpClientAdapter(() => new CallerCancellationHandler
        {
            InnerHandler = new GitHubFailureHandler(_metrics)
            {
                InnerHandler = new ResilienceHandler(pipeline)
                {
                    InnerHandler = new SocketsHttpHandler
                    {
                        AllowAutoRedirect = false,
                        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    },
                },
            },
        });
        var connection = new Connection(ProductHeader, _baseAddress, credentials, adapter, new SimpleJsonSerializer());
        connection.SetRequestTimeout(WholeCallTimeout);
        return new GitHubClient(connection);
    }

    /// <summary>
    /// Where Octokit sends requests: <c>api.github.com</c> as is; any other host (GitHub Enterprise Server) serves
    /// the API under <c>/api/v3/</c>, which is appended unless the URL already ends with it.
    /// </summary>
    internal static Uri ApiBaseAddress(Uri apiUrl)
    {
        var withSlash = Codemate.Configuration.GitHubApiUrl.WithTrailingSlash(apiUrl);
        if (string.Equals(apiUrl.Host, "api.github.com", StringComparison.OrdinalIgnoreCase)
            || withSlash.AbsolutePath.EndsWith("/api/v3/", StringComparison.OrdinalIgnoreCase))
        {
            return withSlash;
        }

        return new Uri(withSlash, "api/v3/");
    }
}
