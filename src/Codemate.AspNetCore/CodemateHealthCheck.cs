using Codemate.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codemate.AspNetCore;

/// <summary>Reports healthy with the session report attached, for <see cref="HealthResponseWriter"/> to render.</summary>
internal sealed class CodemateHealthCheck(ICodemateHealth health) : IHealthCheck
{
    public const string ReportKey = "codemate";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await health.GetReportAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy(data: new Dictionary<string, object> { [ReportKey] = report });
    }
}
