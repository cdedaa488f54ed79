using System.Net;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.AspNetCore.Tests;

/// <summary>Issue #21: work that cannot run or complete is parked where <c>/status</c> shows it, and <c>/health</c> answers 503 saying why.</summary>
public sealed class ParkedWorkTests : IAsyncLifetime
{
    private const string StatusToken = "status-token-0123456789abcdef";
    private readonly TempDirectory _root = new();
    private readonly HandledWork _handled = new();
    private readonly Dictionary<string, string?> _settings;
    private CodemateTestHost? _host;

    public ParkedWorkTests()
    {
        _settings = TestSettings.Minimal(_root);
        _settings[EnvironmentVariables.StatusToken] = StatusToken;
        _settings[EnvironmentVariables.WorkMaxAttempts] = "2";
        _settings[EnvironmentVariables.WorkRetrySeconds] = "0.01";
    }

    private CodemateTestHost Host => _host!;

    private FaultyStateStore Store => (FaultyStateStore)Host.GetRequiredService<IStateStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Work_the_store_cannot_complete_is_parked_visible_in_status_and_health_answers_503()
    {
        await StartAsync();
        Store.Fails = operation => operation == nameof(IStateStore.CompleteWorkAsync);

        await OpenAsync(7);

        var health = await WaitForUnhealthyAsync("parked");
        Assert.Equal("error", health.GetProperty("status").GetString());
        var parked = Assert.Single(await ParkedAsync());
        Assert.Equal("octo/app#7", parked.GetProperty("issue").GetString());
        Assert.Equal(nameof(IssueOpened), parked.GetProperty("kind").GetString());
        Assert.Equal(2, parked.GetProperty("attempts").GetInt32());
        Assert.Equal("it was handled, but the state store failed to remove it from the queue", parked.GetProperty("reason").GetString());
        Assert.Single(_handled.Completed);

        // Intake goes on, and so does work for other issues once the store behaves.
        Store.Fails = _ => false;
        await OpenAsync(8);
        await _handled.WaitForCompletedAsync(2);
    }

    [Fact]
    public async Task A_work_row_that_cannot_be_read_is_parked_and_the_host_runs_the_work_behind_it()
    {
        using (var store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _settings[EnvironmentVariables.StatePath], WorkspacesRoot = _root.Path }), TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        using (var connection = new SqliteConnection($"Data Source={_settings[EnvironmentVariables.StatePath]};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO work (issue, payload, created_at) VALUES ('octo/app#3', x'00ff00', 0)";
            insert.ExecuteNonQuery();
        }

        await StartAsync();
        await OpenAsync(4);
        await _handled.WaitForCompletedAsync(1);

        await WaitForUnhealthyAsync("parked");
        var parked = Assert.Single(await ParkedAsync());
        Assert.Equal(("octo/app#3", ParkedWork.Unreadable), (parked.GetProperty("issue").GetString(), parked.GetProperty("kind").GetString()));
        Assert.Equal("the stored event could not be read", parked.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_failing_store_makes_health_answer_503_until_it_answers_again_and_the_work_then_runs()
    {
        await StartAsync();
        Store.Fails = operation => operation == nameof(IStateStore.GetPendingWorkAsync);

        await OpenAsync(5);
        var health = await WaitForUnhealthyAsync("read accepted work");
        Assert.DoesNotContain("SQLite", health.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(_handled.Events);

        Store.Fails = _ => false;
        await _handled.WaitForCompletedAsync(1);
        await Eventually.WaitAsync(async () => (await Host.GetJsonAsync("/health")).Status == HttpStatusCode.OK, "/health to answer 200 again");
    }

    [Fact]
    public async Task Work_failing_on_the_store_every_attempt_is_parked_with_a_short_reason()
    {
        await StartAsync();
        _handled.Work = (work, cancellationToken) => Store.GetSessionAsync(work.Issue, cancellationToken);
        Store.Fails = operation => operation == nameof(IStateStore.GetSessionAsync);

        await OpenAsync(6);

        await WaitForUnhealthyAsync("1 accepted event failed every attempt and is parked");
        var parked = Assert.Single(await ParkedAsync());
        Assert.Equal("the state database failed on every attempt", parked.GetProperty("reason").GetString());
    }

    private async Task StartAsync() =>
        _host = await CodemateTestHost.StartAsync(
            _settings,
            codemate => codemate.UseIssueHandler<RecordingIssueHandler>(),
            services =>
            {
                services.AddSingleton(_handled);
                FaultyStateStore.Register(services);
            },
            app =>
            {
                app.MapCodemate();
                app.MapCodemateHealth();
                app.MapCodemateStatus();
            });

    private async Task OpenAsync(int number)
    {
        using var response = await new WebhookSender(Host.Client, TestSettings.Secret).SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "app", number));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonElement> WaitForUnhealthyAsync(string reasonContains)
    {
        JsonElement body = default;
        await Eventually.WaitAsync(
            async () =>
            {
                (var status, body) = await Host.GetJsonAsync("/health");
                return status == HttpStatusCode.ServiceUnavailable
                    && body.TryGetProperty("reason", out var reason)
                    && reason.GetString()!.Contains(reasonContains, StringComparison.Ordinal);
            },
            $"/health to answer 503 with a reason containing '{reasonContains}'");
        return body;
    }

    private async Task<List<JsonElement>> ParkedAsync()
    {
        var (status, body) = await Host.GetJsonAsync("/status", StatusToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
        return [.. body.GetProperty("parked_work").EnumerateArray()];
    }
}
