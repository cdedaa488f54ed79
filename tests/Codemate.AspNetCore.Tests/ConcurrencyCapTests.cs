using System.Net;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing.Agents;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;
using Microsoft.Data.Sqlite;

namespace Codemate.AspNetCore.Tests;

/// <summary>CODEMATE_MAX_CONCURRENT_SESSIONS: further issues wait in the durable queue, in order, and start when a slot frees.</summary>
public sealed class ConcurrencyCapTests : IAsyncLifetime
{
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private WebhookSender _github = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "capped");
        _host = await _world.StartHostAsync(s => s[EnvironmentVariables.MaxConcurrentSessions] = "1");
        _github = new WebhookSender(_host.Client, TestSettings.Secret);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task With_a_cap_of_one_the_next_issues_queue_in_order_and_the_first_starts_when_the_running_one_is_stopped()
    {
        await OpenIssueAsync(1);
        await _world.AgentLog(1).WaitForMessagesAsync(1);

        await OpenIssueAsync(2);
        await _world.WaitForStatusAsync(2, b => b.Contains("Queued (position 1)", StringComparison.Ordinal), "queued first");
        await OpenIssueAsync(3);
        await _world.WaitForStatusAsync(3, b => b.Contains("Queued (position 2)", StringComparison.Ordinal), "queued second");
        await CommentAsync(2, "Also mind the tests.", 61);
        Assert.False(await _world.IsTmuxSessionAliveAsync(2));
        Assert.Equal(SessionState.Queued, (await Record(2))!.State);

        await CommentAsync(1, "/codemate stop", 62);

        var messages = await _world.AgentLog(2).WaitForMessagesAsync(2);
        Assert.Contains("octo/capped#2", messages[0], StringComparison.Ordinal);
        Assert.Equal("Also mind the tests.", AgentPrompts.QuotedText(messages[1]));
        await _world.WaitForStatusAsync(2, b => b.Contains("Waiting for input", StringComparison.Ordinal), "started");
        await _world.WaitForStatusAsync(3, b => b.Contains("Queued (position 1)", StringComparison.Ordinal), "moved up");
        Assert.False(await _world.IsTmuxSessionAliveAsync(3));
        Assert.False(await _world.IsTmuxSessionAliveAsync(1));
        // Promotion is Codemate's own work: it records no webhook delivery, only the three issues and two comments do.
        Assert.Equal(5, (await DeliveryIdsAsync()).Count);
    }

    [Fact]
    public async Task The_queue_survives_a_restart_and_a_freed_slot_is_used_after_it()
    {
        await OpenIssueAsync(4);
        await _world.AgentLog(4).WaitForMessagesAsync(1);
        await OpenIssueAsync(5);
        await _world.WaitForStatusAsync(5, b => b.Contains("Queued (position 1)", StringComparison.Ordinal), "queued");

        await _host.DisposeAsync();
        await _world.Tmux.KillSessionAsync("claude-octo-capped-4");
        _host = await _world.StartHostAsync(s => s[EnvironmentVariables.MaxConcurrentSessions] = "1");

        await _world.AgentLog(5).WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(5, b => b.Contains("Waiting for input", StringComparison.Ordinal), "started after the restart");
    }

    private async Task<IReadOnlyList<string>> DeliveryIdsAsync()
    {
        using var connection = new SqliteConnection($"Data Source={_world.Settings()[EnvironmentVariables.StatePath]};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM deliveries ORDER BY id";
        using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private Task<SessionRecord?> Record(int number) => _host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(number), default);

    private async Task OpenIssueAsync(int number)
    {
        _world.Remote.OpenIssue(number);
        using var response = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "capped", number, author: TestWorld.Writer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task CommentAsync(int number, string text, long id)
    {
        using var response = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "octo", "capped", number, text, TestWorld.OtherWriter, commentId: id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
