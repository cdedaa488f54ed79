using System.Text;
using Codemate.State;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging.Testing;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>
/// Every log line of a whole run, at Trace, with a PAT and with a GitHub App: issue opened, draft PR, agent,
/// comments, pushes (Codemate's and the agent's own), a 5xx from GitHub, a git push with a dead token, close.
/// No token, in any encoding, and no private key appears in a message, a structured field or an exception.
/// </summary>
public sealed class TokenRedactionTests : IAsyncLifetime
{
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "redact");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("pat")]
    [InlineData("app")]
    public async Task A_whole_run_including_failures_logs_no_token_and_no_private_key(string authentication)
    {
        var app = authentication == "app";
        if (app)
        {
            _world.UseGitHubApp(GitHubAppKeyPair.Generate());
        }

        var settings = _world.Settings();
        settings["Codemate:GitHub:RetryDelay"] = "00:00:00.010";
        settings[Codemate.Configuration.EnvironmentVariables.AgentGitCredentials] = "true";
        var collector = new FakeLogCollector();
        using var logging = new FakeLoggerProvider(collector);
        var host = await CodemateTestHost.StartAsync(settings, logger: logging);
        try
        {
            var flow = new Flow(_world, host, app ? TestWorld.InstallationId : null);
            await flow.OpenIssueAsync(1, "Start. [[commit A.md]] [[push]]");
            await flow.WaitForRemoteCommitAsync(1, "Add A.md");
            await flow.CommentAsync(1, "More. [[commit B.md]]", 11);
            await flow.WaitForRemoteCommitAsync(1, "Add B.md");

            // GitHub fails with 502 while Codemate prepares another issue.
            _world.GitHub.FailNext(100, DoubleFailure.ServerError(), "POST", "/pulls");
            await flow.OpenIssueAsync(2);
            await Eventually.WaitAsync(async () => (await host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(2), default))?.State == SessionState.Failed, "issue 2 to fail");

            // git fails because GitHub no longer accepts the token.
            foreach (var token in Tokens())
            {
                _world.GitHub.RevokeGitToken(token);
            }

            await flow.CommentAsync(1, "Once more. [[commit C.md]]", 12);
            await Eventually.WaitAsync(() => Task.FromResult(collector.GetSnapshot().Any(r => r.Exception is GitCommandException)), "the failed push to be logged");

            await flow.CloseIssueAsync(1);
            await Eventually.WaitAsync(async () => !await _world.IsTmuxSessionAliveAsync(1), "the session to end");
        }
        finally
        {
            await host.DisposeAsync();
        }

        var records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Exception?.ToString().Contains("502", StringComparison.Ordinal) == true);
        Assert.Contains(records, r => r.Exception is GitCommandException);
        var everything = string.Join("\n", records.Select(Describe));
        foreach (var secret in Secrets())
        {
            Assert.False(everything.Contains(secret, StringComparison.Ordinal), $"a log record holds a secret ({secret[..4]}…)");
        }
    }

    private IEnumerable<string> Tokens() =>
        _world.AppKey is null ? [TestSettings.Token] : _world.GitHub.IssuedTokens.Select(t => t.Token);

    private IEnumerable<string> Secrets()
    {
        var tokens = Tokens().ToList();
        Assert.NotEmpty(tokens);
        foreach (var token in tokens)
        {
            yield return token;
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
            yield return GitEnvironment.BasicCredential(token);
        }

        yield return TestSettings.Secret;
        if (_world.AppKey is { } key)
        {
            // Every line of the key's body, so neither a whole key nor a piece of one slips through.
            foreach (var line in key.Pkcs1PrivateKeyPem.Split('\n').Where(l => l.Length >= 32 && !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                yield return line;
            }
        }
    }

    private static string Describe(FakeLogRecord record)
    {
        var state = record.StructuredState is { } fields ? string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}")) : string.Empty;
        return $"{record.Category} {record.Id} {record.Message} {state} {record.Exception}";
    }
}
