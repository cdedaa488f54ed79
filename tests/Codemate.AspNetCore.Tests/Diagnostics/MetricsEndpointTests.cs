using System.Net;
using System.Text.RegularExpressions;
using Codemate.AspNetCore.Tests.Security;
using Codemate.Configuration;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;
using Microsoft.AspNetCore.Builder;

namespace Codemate.AspNetCore.Tests.Diagnostics;

/// <summary><c>GET /metrics</c>: Prometheus text that counts what was done, behind the status token when one is set.</summary>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private const string StatusToken = "status-token-0123456789abcdef";
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "private-metrics");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Accepted_deliveries_and_live_sessions_show_in_the_prometheus_text_without_the_repository_name()
    {
        await using var host = await StartAsync(token: null);
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(1, "Wait here. [[hold]]");
        await flow.OpenIssueAsync(2, "Wait here too. [[hold]]");
        await _world.AgentLog(1).WaitForMessagesAsync(1);
        await _world.AgentLog(2).WaitForMessagesAsync(1);

        var text = string.Empty;
        // The agent logs a prompt as it reads it, a moment before Codemate counts it as delivered: wait for both.
        await Eventually.WaitAsync(
            async () => Sample(text = await ScrapeAsync(host, bearer: null), "codemate_sessions", "state=\"running\"") == 2
                && Sample(text, "codemate_agent_text_delivered_total", string.Empty) == 2,
            "two running sessions and two prompts delivered in /metrics");

        Assert.Equal(2, Sample(text, "codemate_webhook_deliveries_total", "codemate_event=\"issues\",outcome=\"accepted\""));
        Assert.NotNull(Sample(text, "codemate_workspace_prepare_duration_seconds_count", string.Empty));
        // The names the dashboard and the README are checked against are the exporter's own.
        var families = Regex.Matches(text, "(?m)^# TYPE (codemate_[a-z0-9_]+) ").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("codemate_workspace_prepare_duration_seconds", families);
        Assert.All(families, family => Assert.Contains(family, PublishedMetrics.PrometheusNames()));
        Assert.DoesNotContain("private-metrics", text, StringComparison.Ordinal);
        _world.AgentLog(1).Release();
        _world.AgentLog(2).Release();
    }

    [Fact]
    public async Task With_a_status_token_metrics_need_it_and_answer_401_without_it()
    {
        await using var host = await StartAsync(StatusToken);

        using var anonymous = await host.Client.GetAsync("/metrics");
        using var wrong = await GetAsync(host, "wrong");
        using var right = await GetAsync(host, StatusToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("# TYPE codemate_sessions gauge", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The value of the sample <paramref name="name"/>{<paramref name="labels"/>...}, or null when there is none.</summary>
    private static double? Sample(string text, string name, string labels)
    {
        foreach (Match match in SampleLine().Matches(text))
        {
            if (match.Groups["name"].Value == name && match.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            {
                return double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private Task<CodemateTestHost> StartAsync(string? token)
    {
        var settings = _world.Settings();
        if (token is not null)
        {
            settings[EnvironmentVariables.StatusToken] = token;
        }

        return CodemateTestHost.StartAsync(settings, map: app =>
        {
            app.MapCodemate();
            app.MapCodemateMetrics();
        });
    }

    private static async Task<string> ScrapeAsync(CodemateTestHost host, string? bearer)
    {
        using var response = await GetAsync(host, bearer);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> GetAsync(CodemateTestHost host, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        return await host.Client.SendAsync(request);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
