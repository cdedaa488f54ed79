using System.Net.Http.Json;
using Codemate.Cli.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Codemate.Cli.Tests;

public sealed class WebhookMemoryPoolTests
{
    [Fact]
    public async Task Serves_Kestrel_reads_a_request_body_through_16_KB_blocks()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var builder = WebApplication.CreateSlimBuilder();
        ServeCommand.UseWebhookTransport(builder);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/pool", async (HttpContext context) =>
        {
            // The whole body arrives through the connection's pool: echo its length to prove nothing was cut.
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            var pool = context.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
            return Results.Json(new PoolAnswer(pool?.GetType().Name, pool?.MaxBufferSize, body.Length));
        });
        await app.StartAsync(timeout.Token);

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var sent = new string('x', 40_000);
        using var response = await client.PostAsync(new Uri("/pool", UriKind.Relative), new StringContent(sent), timeout.Token);
        var answer = await response.Content.ReadFromJsonAsync<PoolAnswer>(timeout.Token);

        Assert.Equal(new PoolAnswer(nameof(WebhookMemoryPool), WebhookMemoryPool.BlockSize, sent.Length), answer);
        await app.StopAsync(timeout.Token);
    }

    [Fact]
    public void A_block_is_as_large_as_asked_for_and_a_returned_one_is_rented_again()
    {
        using var pool = new WebhookMemoryPool();
        var first = pool.Rent(4096);
        var memory = first.Memory;
        Assert.Equal(WebhookMemoryPool.BlockSize, memory.Length);

        first.Dispose();
        Assert.Equal(1, pool.Retained);
        using var second = pool.Rent();

        Assert.True(memory.Span == second.Memory.Span, "the returned block was not reused");
        Assert.Equal(0, pool.Retained);
    }

    [Fact]
    public void Asking_for_more_than_a_block_is_refused()
    {
        using var pool = new WebhookMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(WebhookMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void Blocks_returned_past_the_retention_cap_are_not_kept()
    {
        using var pool = new WebhookMemoryPool();
        var rented = Enumerable.Range(0, WebhookMemoryPool.MaxRetained + 10).Select(_ => pool.Rent()).ToList();

        rented.ForEach(block => block.Dispose());

        Assert.Equal(WebhookMemoryPool.MaxRetained, pool.Retained);
    }

    private sealed record PoolAnswer(string? Pool, int? BlockSize, int BodyLength);
}
