using System.Diagnostics;

namespace Codemate.Diagnostics;

/// <summary>
/// The names under which Codemate reports traces and metrics. An app that hosts Codemate and configures OpenTelemetry
/// itself adds them: <c>tracing.AddSource(CodemateTelemetry.ActivitySourceName)</c>,
/// <c>metrics.AddMeter(CodemateTelemetry.MeterName)</c>.
/// </summary>
public static class CodemateTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of Codemate's metrics.</summary>
    public const string MeterName = "Codemate";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of Codemate's spans.</summary>
    public const string ActivitySourceName = "Codemate";

    /// <summary>Codemate's spans. Activities cost nothing while no listener samples them.</summary>
    internal static ActivitySource Source { get; } = new(ActivitySourceName);
}
