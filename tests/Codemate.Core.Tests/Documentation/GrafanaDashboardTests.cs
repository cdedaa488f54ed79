using System.Text.Json;
using System.Text.RegularExpressions;
using Codemate.Testing;
using Codemate.Testing.Hosting;

namespace Codemate.Core.Tests.Documentation;

/// <summary>The sample Grafana dashboard and the README's metric table name only metrics Codemate publishes.</summary>
public sealed partial class GrafanaDashboardTests
{
    [Fact]
    public void Every_metric_the_dashboard_queries_is_one_Codemate_publishes()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(SourceTree.File("docs/grafana/codemate.json")));
        var queries = Expressions(dashboard.RootElement).ToList();
        var published = PublishedMetrics.PrometheusNames();

        Assert.NotEmpty(queries);
        // Label names (codemate_work, codemate_event) are in groupings and selectors; metric names are the rest.
        var named = queries.SelectMany(q => MetricName().Matches(Labels().Replace(q, string.Empty)).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.All(named, name => Assert.Contains(name, published));
        // And every metric is on it: a histogram through its buckets.
        var families = published.Where(p => !HistogramSeries().IsMatch(p));
        Assert.All(families, f => Assert.True(named.Contains(f) || named.Contains(f + "_bucket"), $"{f} is not on the dashboard."));
    }

    [Fact]
    public void Every_metric_in_the_README_table_is_one_Codemate_publishes()
    {
        var readme = File.ReadAllText(SourceTree.File("README.md"));
        var table = readme[readme.IndexOf("| Metric (Prometheus name) |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var rows = table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split('|')[1]);
        var named = rows.SelectMany(r => MetricName().Matches(r).Select(m => m.Value)).ToList();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, PublishedMetrics.PrometheusNames()));
    }

    private static IEnumerable<string> Expressions(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("expr") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }

                    foreach (var inner in Expressions(property.Value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in Expressions(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    [GeneratedRegex(@"\b(?:by|without)\s*\([^)]*\)|\{[^}]*\}")]
    private static partial Regex Labels();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();

    [GeneratedRegex(@"\bcodemate_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
