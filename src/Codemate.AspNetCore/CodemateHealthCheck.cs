using Codemate.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codemate.AspNetCore;

/// <summary>
/// Reports healthy with the session report attached, for <see cref="HealthResponseWriter"/> to render, or unhealthy
/// with a short reason when the report cannot be made or says accepted work cannot run or was parked. <c>/health</c> is often public: the reason names what failed,
/// never an exception's text (paths, tmux's output); the log has those.
/// </summary>
internal sealed class CodemateHealthCheck(ICodemateHealth health) : IHealthCheck
{
    public const string ReportKey = "codemate";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = await health.GetReportAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { [ReportKey] = report };
            return report.Problem is { } problem ? HealthCheckResult.Unhealthy(problem, data: data) : HealthCheckResult.Healthy(data: data);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the health report failed ({exception.GetType().Name})", exception);
        }
    }
}
