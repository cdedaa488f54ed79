using Codemate.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Codemate's metrics; every part that reports to them registers them, so each part stands alone.</summary>
    public static IServiceCollection AddCodemateMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<CodemateMetrics>();
        return services;
    }
}
