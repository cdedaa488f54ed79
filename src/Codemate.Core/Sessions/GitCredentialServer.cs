using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Codemate.GitHub;
using Codemate.Native;
using Codemate.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Sessions;

/// <summary>
/// With <c>CODEMATE_AGENT_GIT_CREDENTIALS</c>: listens on 127.0.0.1 (a random port) for the agents' git credential
/// helper. A request names the session and presents its secret, then git's attributes; when the secret matches, the
/// session is active and the host is GitHub's, the answer is a token of the issue's installation from
/// <see cref="IGitHubCredentials"/>, which refreshes it before it expires. Anything else gets an empty answer.
/// </summary>
internal sealed partial class GitCredentialServer(
    AgentGitCredentials credentials,
    IGitHubCredentials github,
    IStateStore store,
    ILogger<GitCredentialServer> logger) : IHostedService, IDisposable
{
    private const int MaxRequestBytes = 16 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    // Requests being answered: stopping waits for them, so none asks the store or GitHub for a token after the stop.
    private readonly Hosting.BackgroundWork _requests = new();

    /// <summary>The port listened on, once started with the option on.</summary>
    public int? Port { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!credentials.Enabled)
        {
            return Task.CompletedTask;
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var helper = credentials.HelperPath;
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(helper)!);
        PrivateFile.Write(helper, HelperScript(Port.Value), executable: true);
        _accepting = AcceptAsync(listener, _stopping.Token);
        Log.Listening(logger, Port.Value, helper);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        await _accepting.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _requests.SettledAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// The helper git runs (<c>!'path'</c>, with <c>get</c>, <c>store</c> or <c>erase</c>): bash's <c>/dev/tcp</c>,
    /// so it needs nothing but bash. It holds no secret; only <c>get</c> asks Codemate.
    /// </summary>
    internal static string HelperScript(int port) => string.Create(CultureInfo.InvariantCulture, $$"""
        #!/usr/bin/env bash
        # Written by Codemate; holds no secret. git runs it as the agent's credential helper for GitHub: it sends this
        # session's name and secret to Codemate on 127.0.0.1, which answers with a fresh token. Never stores anything.
        if [ "$1" != get ]; then cat > /dev/null; exit 0; fi
        [ -r "${CODEMATE_GIT_CREDENTIAL_FILE:-}" ] || exit 0
        exec 3<>/dev/tcp/127.0.0.1/{{port}} || exit 0
        { printf '%s\n' "${CODEMATE_SESSION_NAME:-}"; head -n 1 "$CODEMATE_GIT_CREDENTIAL_FILE"; grep -v '^$'; printf '\n'; } >&3
        cat <&3

        """);

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                Log.AcceptFailed(logger, exception);
                continue;
            }

            _requests.Start(() => ServeAsync(client, cancellationToken));
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            timeout.CancelAfter(RequestTimeout);
            try
            {
                var stream = client.GetStream();
                var lines = await ReadRequestAsync(stream, timeout.Token).ConfigureAwait(false);
                var answer = await AnswerAsync(lines, timeout.Token).ConfigureAwait(false);
                if (answer is not null)
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                Log.RequestAborted(logger, exception.GetType().Name);
            }
        }
    }

    /// <summary>Lines up to the first empty one after the session and secret, or the end of the stream.</summary>
    private static async Task<List<string>> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1024];
        while (bytes.Count < MaxRequestBytes)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            bytes.AddRange(buffer.AsSpan(0, read));
            var lines = Lines(bytes);
            if (lines.Count > 2 && lines.Skip(2).Any(l => l.Length == 0))
            {
                break;
            }
        }

        return Lines(bytes);
    }

    private static List<string> Lines(List<byte> bytes)
    {
        var text = Encoding.UTF8.GetString([.. bytes]);
        var complete = text.LastIndexOf('\n');
        return complete < 0 ? [] : [.. text[..complete].Split('\n').Select(l => l.TrimEnd('\r'))];
    }

    private async Task<string?> AnswerAsync(List<string> lines, CancellationToken cancellationToken)
    {
        if (lines.Count < 2)
        {
            Log.Refused(logger, "(none)", "the request was incomplete");
            return null;
        }

        var (session, secret) = (lines[0], lines[1]);
        if (!credentials.Verify(session, secret))
        {
            Log.Refused(logger, AgentGitCredentials.IsSessionName(session) ? session : "(invalid)", "the secret does not match the session's");
            return null;
        }

        var attributes = lines.Skip(2).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        var server = credentials.ServerUrl;
        if (!attributes.TryGetValue("protocol", out var protocol) || !string.Equals(protocol, server.Scheme, StringComparison.OrdinalIgnoreCase)
            || !attributes.TryGetValue("host", out var host) || !string.Equals(host, server.Authority, StringComparison.OrdinalIgnoreCase))
        {
            Log.Refused(logger, session, "the request is not for GitHub's server");
            return null;
        }

        var record = (await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => string.Equals(r.SessionName, session, StringComparison.Ordinal));
        if (record is null || !record.IsActive)
        {
            Log.Refused(logger, session, "the session is not active");
            return null;
        }

        GitHubToken token;
        try
        {
            token = await github.GetTokenAsync(record.InstallationId, cancellationToken).ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            Log.TokenFailed(logger, record.Issue.ToString(), exception.Message);
            return null;
        }

        Log.Answered(logger, record.Issue.ToString(), session);
        return $"protocol={protocol}\nhost={host}\nusername=x-access-token\npassword={token.Value}\n";
    }

    private static partial class Log
    {
        [LoggerMessage(9001, LogLevel.Information, "Agents' git credential helper {Helper} asks Codemate on 127.0.0.1:{Port}")]
        public static partial void Listening(ILogger logger, int port, string helper);

        [LoggerMessage(9002, LogLevel.Debug, "Gave the agent of {Issue} (session {SessionName}) a GitHub token for git")]
        public static partial void Answered(ILogger logger, string issue, string sessionName);

        [LoggerMessage(9003, LogLevel.Warning, "Refused a git credential request for session {SessionName}: {Reason}")]
        public static partial void Refused(ILogger logger, string sessionName, string reason);

        [LoggerMessage(9004, LogLevel.Warning, "Could not get a GitHub token for the agent of {Issue}: {Reason}")]
        public static partial void TokenFailed(ILogger logger, string issue, string reason);

        [LoggerMessage(9005, LogLevel.Debug, "A git credential request was cut short ({Error})")]
        public static partial void RequestAborted(ILogger logger, string error);

        [LoggerMessage(9006, LogLevel.Warning, "Could not accept a git credential request")]
        public static partial void AcceptFailed(ILogger logger, Exception exception);
    }
}
