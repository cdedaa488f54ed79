using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>
/// A local stand-in for the Anthropic Messages API on 127.0.0.1, for the real Claude Code CLI
/// (<c>ANTHROPIC_BASE_URL</c>, see <see cref="ClaudeCodeEnvironment"/>). The main conversation is answered from a
/// script of turns; Claude Code's side requests get a harmless answer; every request is recorded.
/// </summary>
public sealed class AnthropicDouble : IAsyncDisposable
{
    /// <summary>An API key of the test's own: the double wants one, and never records its value.</summary>
    public const string TestApiKey = "sk-ant-test-codemate-double";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);
    private readonly RequestLog _log = new();
    private readonly TurnScript _script = new();
    private WebApplication? _app;

    private AnthropicDouble()
    {
    }

    /// <summary>Where the double listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request the double received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>The requests taken for the main conversation, in order.</summary>
    public IReadOnlyList<RecordedRequest> MainConversationRequests =>
        [.. Requests.Where(r => r.Kind == AnthropicRequestKind.MainConversation)];

    /// <summary>
    /// The user messages of the main conversation, from its latest request (Claude Code sends the whole conversation
    /// each time): prompts as text, tool results apart.
    /// </summary>
    public IReadOnlyList<UserMessage> MainConversationUserMessages =>
        MainConversationRequests is [.., var latest] ? latest.UserMessages : [];

    /// <summary>The sum of every <c>usage</c> the double reported, side requests included.</summary>
    public TokenUsage ReportedUsage => Requests.Aggregate(TokenUsage.Zero, (sum, r) => r.Usage is null ? sum : sum + r.Usage);

    /// <summary>The sum of the <c>usage</c> reported to the main conversation's requests.</summary>
    public TokenUsage MainConversationUsage =>
        MainConversationRequests.Aggregate(TokenUsage.Zero, (sum, r) => r.Usage is null ? sum : sum + r.Usage);

    /// <summary>Asked for the main conversation's answer once the queued turns are used up; null falls back to <see cref="DefaultText"/>.</summary>
    public Func<RecordedRequest, ScriptedTurn?>? Responder
    {
        get => _script.Responder;
        set => _script.Responder = value;
    }

    /// <summary>The main conversation's answer when neither the queue nor the responder has one.</summary>
    public string DefaultText
    {
        get => _script.DefaultText;
        set => _script.DefaultText = value;
    }

    /// <summary>How many queued turns are still to be answered.</summary>
    public int PendingTurns => _script.Pending;

    public static async Task<AnthropicDouble> StartAsync(CancellationToken cancellationToken = default)
    {
        var double_ = new AnthropicDouble();
        await double_.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return double_;
    }

    /// <summary>Queues the main conversation's next answers, in order.</summary>
    public void Enqueue(params ScriptedTurn[] turns) => _script.Enqueue(turns);

    /// <summary>
    /// The environment that points Claude Code at this double and nowhere else: the test key, every optional
    /// network feature off, proxies to a dead loopback port (only 127.0.0.1 bypasses them), fresh config and home
    /// directories, and a temp directory of its own (Claude Code leaves its messaging socket under <c>$TMPDIR/cc-socks</c>).
    /// Variables a developer's shell may carry (a real key, a parent Claude Code's) map to null: removed.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ClaudeCodeEnvironment(string homeDirectory, string configDirectory, string tempDirectory)
    {
        const string deadProxy = "http://127.0.0.1:9";
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("ANTHROPIC_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("CLAUDE", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("GOOGLE_", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, _ => (string?)null, StringComparer.Ordinal);
        environment["ANTHROPIC_BASE_URL"] = BaseAddress.GetLeftPart(UriPartial.Authority);
        environment["ANTHROPIC_API_KEY"] = TestApiKey;
        environment["DISABLE_AUTOUPDATER"] = "1";
        environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        environment["DISABLE_TELEMETRY"] = "1";
        environment["DISABLE_ERROR_REPORTING"] = "1";
        foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy" })
        {
            environment[proxy] = deadProxy;
        }

        environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost";
        environment["CLAUDE_CONFIG_DIR"] = configDirectory;
        environment["HOME"] = homeDirectory;
        environment["TMPDIR"] = tempDirectory;
        return environment;
    }

    /// <summary>The first request (already received or still to come) that matches <paramref name="predicate"/>.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(
        Func<RecordedRequest, bool> predicate, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _log.WaitAsync(predicate, what, timeout ?? DefaultWait, cancellationToken);

    /// <summary>The first main-conversation request with a user message whose <see cref="UserMessage.Text"/> contains <paramref name="text"/>.</summary>
    public Task<RecordedRequest> WaitForUserTextAsync(string text, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForRequestAsync(
            r => r.Kind == AnthropicRequestKind.MainConversation && r.UserMessages.Any(m => m.Text.Contains(text, StringComparison.Ordinal)),
            $"a main-conversation request with user text '{text}'",
            timeout,
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var handler = new RequestHandler(_log, _script);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }
}
