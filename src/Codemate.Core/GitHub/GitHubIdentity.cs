using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Polly.Timeout;

namespace Codemate.GitHub;

/// <summary>
/// Asks GitHub once who Codemate is: the token's user (<c>GET /user</c>) or the App's <c>slug[bot]</c>
/// (<c>GET /app</c>). A failure is logged and asked again next time; a success is kept.
/// </summary>
internal sealed partial class GitHubIdentity(
    IServiceProvider services,
    IOptions<GitHubOptions> options,
    ILogger<GitHubIdentity> logger) : IGitHubIdentity, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _login;

    public string? CachedLogin => _login;

    public async ValueTask<string?> GetLoginAsync(CancellationToken cancellationToken)
    {
        if (_login is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_login is { } knownMeanwhile)
            {
                return knownMeanwhile;
            }

            _login = await AskAsync(cancellationToken).ConfigureAwait(false);
            Log.Identified(logger, _login);
            return _login;
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or TimeoutRejectedException or CodemateException)
        {
            Log.Unknown(logger, exception.Message);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string> AskAsync(CancellationToken cancellationToken)
    {
        CallerCancellation.Current = cancellationToken;
        if (options.Value.UsesApp)
        {
            var app = await services.GetRequiredService<GitHubAppClient>().Client.GitHubApps.GetCurrent().ConfigureAwait(false);
            return app.Slug + "[bot]";
        }

        var user = await services.GetRequiredService<GitHubClients>().For(null).User.Current().ConfigureAwait(false);
        return user.Login;
    }

    private static partial class Log
    {
        [LoggerMessage(2020, LogLevel.Information, "Codemate acts on GitHub as {Login}")]
        public static partial void Identified(ILogger logger, string login);

        [LoggerMessage(2021, LogLevel.Warning, "Could not learn Codemate's own GitHub login; its own comments cannot be told apart until it can: {Reason}")]
        public static partial void Unknown(ILogger logger, string reason);
    }
}
