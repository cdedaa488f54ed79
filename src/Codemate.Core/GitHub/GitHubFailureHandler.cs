using System.Globalization;
using Codemate.Diagnostics;

namespace Codemate.GitHub;

/// <summary>
/// Counts GitHub API calls that failed once the retries gave up: by HTTP status, or <c>timeout</c> and <c>network</c>
/// when no answer came. Some 404s are expected (a lookup before a create) and counted all the same; the kind tells.
/// </summary>
internal sealed class GitHubFailureHandler(CodemateMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.GitHubFailed("timeout");
            throw;
        }
        catch (HttpRequestException)
        {
            metrics.GitHubFailed("network");
            throw;
        }

        if ((int)response.StatusCode >= 400)
        {
            metrics.GitHubFailed(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }
}
