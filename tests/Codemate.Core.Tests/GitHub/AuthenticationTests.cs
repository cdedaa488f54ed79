using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.GitHub;

public sealed class AuthenticationTests
{
    private static readonly RepositoryName Repo = RepositoryName.Create("octo", "app");

    [Fact]
    public async Task A_personal_access_token_is_used_as_is_and_names_the_user()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app", "trunk");

        var token = await context.TokenAsync(installationId: 7);
        var branch = await context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, 7, CancellationToken.None);
        var login = await context.Get<IGitHubIdentity>().GetLoginAsync(CancellationToken.None);

        Assert.Equal(TestSettings.Token, token.Value);
        Assert.Null(token.ExpiresAt);
        Assert.Equal("trunk", branch);
        Assert.Equal(TestSettings.Login, login);
        Assert.Equal(TestSettings.Login, context.Get<IGitHubIdentity>().CachedLogin);
        Assert.All(context.GitHub.Calls, c => Assert.Equal("Bearer " + TestSettings.Token, c.Authorization));
        Assert.Empty(context.GitHub.IssuedTokens);
    }

    [Fact]
    public async Task A_GitHub_App_exchanges_a_signed_JWT_for_an_installation_token_and_uses_it_on_the_next_call()
    {
        var time = new FakeTimeProvider();
        await using var context = await GitHubTestContext.WithAppAsync(time: time);
        context.GitHub.AddRepository("octo", "app", "main", installationId: 42);

        var branch = await context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, 42, CancellationToken.None);

        Assert.Equal("main", branch);
        var issued = Assert.Single(context.GitHub.IssuedTokens);
        Assert.Equal(42, issued.InstallationId);
        Assert.Equal(time.GetUtcNow().AddSeconds(-60), issued.JwtIssuedAt);
        Assert.True(issued.JwtExpiresAt - issued.JwtIssuedAt <= TimeSpan.FromMinutes(10));
        Assert.StartsWith("Bearer ey", context.GitHub.Calls.Single(c => c.PathAndQuery.EndsWith("/access_tokens", StringComparison.Ordinal)).Authorization, StringComparison.Ordinal);
        Assert.Equal("Bearer " + issued.Token, context.GitHub.Calls.Single(c => c.PathAndQuery == "/api/v3/repos/octo/app").Authorization);
    }

    [Theory]
    [InlineData("pkcs1", "file")]
    [InlineData("pkcs8", "file")]
    [InlineData("pkcs1", "inline")]
    [InlineData("pkcs8", "inline")]
    public async Task Both_PEM_formats_work_from_a_file_or_inline_with_escaped_newlines(string format, string source)
    {
        var pem = format == "pkcs1" ? GitHubTestContext.Key.Pkcs1PrivateKeyPem : GitHubTestContext.Key.Pkcs8PrivateKeyPem;
        string? file = null;
        await using var context = await GitHubTestContext.WithAppAsync(configure: settings =>
        {
            settings.Remove(EnvironmentVariables.GitHubAppPrivateKey);
            if (source == "file")
            {
                file = Path.Combine(Path.GetDirectoryName(settings[EnvironmentVariables.StatePath]!)!, "..", "app.pem");
                settings[EnvironmentVariables.GitHubAppPrivateKeyFile] = file;
            }
            else
            {
                settings[EnvironmentVariables.GitHubAppPrivateKey] = pem.Replace("\n", "\\n", StringComparison.Ordinal);
            }
        });
        if (file is not null)
        {
            await File.WriteAllTextAsync(file, pem);
        }

        var token = await context.TokenAsync(installationId: 5);

        Assert.Equal(context.GitHub.IssuedTokens.Single().Token, token.Value);
    }

    [Fact]
    public async Task A_GitHub_App_knows_itself_as_its_slug_with_bot()
    {
        await using var context = await GitHubTestContext.WithAppAsync();

        Assert.Null(context.Get<IGitHubIdentity>().CachedLogin);
        Assert.Equal("codemate-app[bot]", await context.Get<IGitHubIdentity>().GetLoginAsync(CancellationToken.None));
        Assert.Equal("codemate-app[bot]", context.Get<IGitHubIdentity>().CachedLogin);
        await context.Get<IGitHubIdentity>().GetLoginAsync(CancellationToken.None);
        Assert.Single(context.GitHub.Calls, c => c.PathAndQuery == "/api/v3/app");
    }

    [Fact]
    public async Task A_token_is_refreshed_only_once_it_expires_within_five_minutes()
    {
        var time = new FakeTimeProvider();
        await using var context = await GitHubTestContext.WithAppAsync(time: time);
        context.GitHub.InstallationTokenLifetime = TimeSpan.FromHours(1);

        var first = await context.TokenAsync(1);
        time.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        var stillFirst = await context.TokenAsync(1);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await context.TokenAsync(1);

        Assert.Same(first, stillFirst);
        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(time.GetUtcNow().AddHours(1), second.ExpiresAt);
        Assert.Equal(2, context.GitHub.IssuedTokens.Count);
    }

    [Fact]
    public async Task Twenty_concurrent_callers_needing_a_token_cause_exactly_one_exchange()
    {
        await using var context = await GitHubTestContext.WithAppAsync();
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await context.TokenAsync(9);
        })).ToArray();
        start.Set();
        var tokens = await Task.WhenAll(callers);

        Assert.Single(context.GitHub.IssuedTokens);
        Assert.All(tokens, t => Assert.Equal(context.GitHub.IssuedTokens[0].Token, t.Value));
    }

    [Fact]
    public async Task Two_installations_get_two_tokens_and_each_repository_is_called_with_its_own()
    {
        await using var context = await GitHubTestContext.WithAppAsync();
        context.GitHub.AddRepository("org-one", "app", "one", installationId: 1);
        context.GitHub.AddRepository("org-two", "app", "two", installationId: 2);
        var api = context.Get<IGitHubApi>();

        var one = await api.GetDefaultBranchAsync(RepositoryName.Create("org-one", "app"), 1, CancellationToken.None);
        var two = await api.GetDefaultBranchAsync(RepositoryName.Create("org-two", "app"), 2, CancellationToken.None);
        var crossed = await Assert.ThrowsAsync<CodemateException>(() => api.GetDefaultBranchAsync(RepositoryName.Create("org-two", "app"), 1, CancellationToken.None));

        Assert.Equal(("one", "two"), (one, two));
        Assert.Equal([1L, 2L], context.GitHub.IssuedTokens.Select(t => t.InstallationId).Order());
        Assert.NotEqual(context.GitHub.IssuedTokens[0].Token, context.GitHub.IssuedTokens[1].Token);
        Assert.Contains("404", crossed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_installation_id_wins_over_the_payloads()
    {
        await using var context = await GitHubTestContext.WithAppAsync(installationId: 77);

        await context.TokenAsync(installationId: 1);
        await context.TokenAsync(installationId: null);

        Assert.Equal(77, Assert.Single(context.GitHub.IssuedTokens).InstallationId);
    }

    [Fact]
    public async Task Without_any_installation_id_the_App_says_which_variable_to_set()
    {
        await using var context = await GitHubTestContext.WithAppAsync();

        var error = await Assert.ThrowsAsync<CodemateException>(() => context.TokenAsync(installationId: null).AsTask());

        Assert.Contains(EnvironmentVariables.GitHubAppInstallationId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_exchange_is_reported_clearly_and_not_cached()
    {
        await using var context = await GitHubTestContext.WithAppAsync();
        context.GitHub.FailNext(1, DoubleFailure.Unauthorized(), "POST", "/access_tokens");

        var error = await Assert.ThrowsAsync<CodemateException>(() => context.TokenAsync(3).AsTask());
        var token = await context.TokenAsync(3);

        Assert.Contains("installation 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Equal(context.GitHub.IssuedTokens.Single().Token, token.Value);
        Assert.Contains(context.Logs.GetSnapshot(), r => r.Id.Id == 2011);
    }

    [Fact]
    public async Task An_exchange_failing_with_5xx_is_retried_with_backoff()
    {
        await using var context = await GitHubTestContext.WithAppAsync();
        context.GitHub.FailNext(2, DoubleFailure.ServerError(), "POST", "/access_tokens");

        var token = await context.TokenAsync(3);

        Assert.Equal(context.GitHub.IssuedTokens.Single().Token, token.Value);
        Assert.Equal(3, context.GitHub.Calls.Count(c => c.PathAndQuery.EndsWith("/access_tokens", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_token_never_shows_its_value_when_printed()
    {
        var token = new GitHubToken("ghs_supersecret", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("supersecret", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("supersecret", $"{token}", StringComparison.Ordinal);
    }
}
