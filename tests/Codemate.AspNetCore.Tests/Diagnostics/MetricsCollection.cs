namespace Codemate.AspNetCore.Tests.Diagnostics;

/// <summary>
/// Tests that read exact values from <c>/metrics</c>. OpenTelemetry's meter provider listens to every meter named
/// <c>Codemate</c> in the process, other test hosts' included, so these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
