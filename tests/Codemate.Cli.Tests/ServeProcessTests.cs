using System.Net;
using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using CliWrap.Buffered;

namespace Codemate.Cli.Tests;

public sealed class ServeProcessTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Serve_without_a_webhook_secret_exits_with_one_line_naming_the_variable()
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root));
        env.Remove(EnvironmentVariables.WebhookSecret);

        var result = await new CodemateCli(_root.Path, env).RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("codemate: GITHUB_WEBHOOK_SECRET is not set.", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EnvironmentVariables.MaxConcurrentSessions, "abc", "CODEMATE_MAX_CONCURRENT_SESSIONS must be a whole number, not 'abc'.")]
    [InlineData("Codemate__Workflow__MaxSessionDuration", "4h", "Codemate:Workflow:MaxSessionDuration must be a time span")]
    public async Task Serve_with_a_value_that_does_not_parse_exits_with_one_line_naming_it_and_its_form(string variable, string value, string message)
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root)) { [variable] = value };

        var result = await new CodemateCli(_root.Path, env).RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("codemate: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public async Task Serve_refuses_to_run_Claude_Code_as_root_with_one_line_and_starts_for_a_normal_user()
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root));
        env.Remove(EnvironmentVariables.AgentCommand);

        // CI runs the tests as root; a developer's machine usually does not. Each proves its half.
        if (Environment.IsPrivilegedProcess)
        {
            var result = await new CodemateCli(_root.Path, env).RunAsync("serve", "--urls", "http://127.0.0.1:0");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"codemate: {AgentUserCheck.RootRefusal}", result.StandardError.Trim());
            Assert.False(File.Exists(env[EnvironmentVariables.StatePath]), "the state database was created by root");
        }
        else
        {
            await using var server = await ServeProcess.StartAsync(env, _root.Path);
            Assert.Equal("ok", (await server.GetHealthAsync()).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Serve_reads_a_dotenv_file_and_answers_signed_webhooks_and_health_over_loopback()
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root));
        env.Remove(EnvironmentVariables.WebhookSecret);
        await File.WriteAllTextAsync(_root.Combine(".env"), "GITHUB_WEBHOOK_SECRET=from-dotenv-0123456789\n");
        var port = CodemateCli.FreePort();
        using var stop = new CancellationTokenSource();
        var server = new CodemateCli(_root.Path, env).Command("serve", "--urls", $"http://127.0.0.1:{port}")
            .ExecuteBufferedAsync(System.Text.Encoding.UTF8, System.Text.Encoding.UTF8, CancellationToken.None, stop.Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForHealthAsync(client);

            using var ping = await new WebhookSender(client, "from-dotenv-0123456789").SendAsync("ping", WebhookPayloads.Ping());
            using var forged = await new WebhookSender(client, "wrong").SendAsync("ping", WebhookPayloads.Ping());

            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }
        finally
        {
            await stop.CancelAsync();
            // Graceful stop (SIGINT); CliWrap reports it as a cancellation once the process has exited.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server);
        }
    }

    [Fact]
    public async Task Serve_does_not_watch_the_directory_tree_it_was_started_in()
    {
        // Workspaces and the state database often live below the working directory; a recursive watcher there wakes
        // on every database write. Only the session status directory may be watched.
        for (var i = 0; i < 30; i++)
        {
            Directory.CreateDirectory(_root.Combine("tree", $"d{i}", "inner"));
        }

        await using var server = await ServeProcess.StartAsync(TestSettings.Minimal(_root), _root.Path);

        var watches = Directory.GetFiles($"/proc/{server.ProcessId}/fdinfo")
            .Sum(fd => { try { return File.ReadLines(fd).Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)); } catch (IOException) { return 0; } });
        Assert.InRange(watches, 0, 5);
    }

    [Fact]
    public async Task Serve_maps_the_status_and_metrics_endpoints_behind_CODEMATE_STATUS_TOKEN()
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root)) { [EnvironmentVariables.StatusToken] = "status-secret-for-serve" };
        var port = CodemateCli.FreePort();
        using var stop = new CancellationTokenSource();
        var server = new CodemateCli(_root.Path, env).Command("serve", "--urls", $"http://127.0.0.1:{port}")
            .ExecuteBufferedAsync(System.Text.Encoding.UTF8, System.Text.Encoding.UTF8, CancellationToken.None, stop.Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForHealthAsync(client);

            using var anonymous = await client.GetAsync("/status");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "status-secret-for-serve");
            using var authorized = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
            Assert.Contains("\"sessions\":[]", await authorized.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var anonymousMetrics = await client.GetAsync("/metrics");
            using var metricsRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            metricsRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "status-secret-for-serve");
            using var metrics = await client.SendAsync(metricsRequest);
            var text = await metrics.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.Unauthorized, anonymousMetrics.StatusCode);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.Contains("# TYPE codemate_sessions gauge", text, StringComparison.Ordinal);
            Assert.Contains("service_name=\"codemate\"", text, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server);
        }
    }

    private static async Task WaitForHealthAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100);
        }
    }
}
