using System.Diagnostics.Metrics;
using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Testing.Hosting;

/// <summary>
/// The Prometheus names of every instrument Codemate's meter publishes, as OpenTelemetry's Prometheus exporter writes
/// them: dots become underscores, a unit of seconds adds <c>_seconds</c> (a <c>{annotation}</c> unit adds nothing), a
/// counter adds <c>_total</c>, and a histogram is its <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series. A test that
/// scrapes a real server checks these rules against the exporter.
/// </summary>
public static class PublishedMetrics
{
    public static IReadOnlySet<string> PrometheusNames()
    {
        using var root = new TempDirectory("published-metrics");
        using var store = new SqliteStateStore(Options.Create(new CodemateOptions { WorkspacesRoot = root.Path }), TimeProvider.System);
        var metrics = CodemateMetrics.Standalone();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter == metrics.Meter)
                {
                    names.UnionWith(Series(instrument));
                }
            },
        };
        listener.Start();
        // The gauges read the store only when collected, which this never does.
        _ = new SessionGauges(metrics, store, TimeProvider.System, NullLogger<SessionGauges>.Instance);
        return names;
    }

    private static IEnumerable<string> Series(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>))
        {
            return [name + "_total"];
        }

        return type == typeof(Histogram<>) ? [name + "_bucket", name + "_sum", name + "_count", name] : [name];
    }
}
