using Codemate.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.AspNetCore;

/// <summary>
/// Guards the Prometheus scrape endpoint: with <c>CODEMATE_STATUS_TOKEN</c> set it wants that bearer token, as
/// <c>/status</c> does (401 otherwise); without one it is open, as scrape endpoints usually are, and shows no
/// repository names unless the operator allowed them as labels.
/// </summary>
internal static class MetricsEndpoint
{
    public static void RequireStatusToken(IApplicationBuilder branch) => branch.Use(async (context, next) =>
    {
        var expected = context.RequestServices.GetRequiredService<IOptionsMonitor<CodemateOptions>>().CurrentValue.StatusToken;
        if (!string.IsNullOrWhiteSpace(expected) && !StatusEndpoint.IsAuthorized(context.Request.Headers.Authorization.ToString(), expected))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"codemate\"";
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await next(context).ConfigureAwait(false);
    });
}
