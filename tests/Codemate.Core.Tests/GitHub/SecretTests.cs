using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Testing.GitHubDouble;

namespace Codemate.Core.Tests.GitHub;

public sealed class SecretTests
{
    [Fact]
    public async Task No_token_or_JWT_appears_in_logs_or_exception_messages_even_when_calls_fail()
    {
        await using var context = await GitHubTestContext.WithAppAsync();
        context.GitHub.AddRepository("octo", "app", "main", installationId: 8);
        var api = context.Get<IGitHubApi>();
        var repo = RepositoryName.Create("octo", "app");
        context.GitHub.FailNext(1, DoubleFailure.Unauthorized(), "POST", "/access_tokens");
        var exchangeError = await Assert.ThrowsAsync<CodemateException>(() => api.GetDefaultBranchAsync(repo, 8, CancellationToken.None));
        context.GitHub.FailNext(2, DoubleFailure.ServerError(), "GET", "/repos/octo/app");
        await api.GetDefaultBranchAsync(repo, 8, CancellationToken.None);
        context.GitHub.FailNext(10, DoubleFailure.Unauthorized(), "GET", "/repos/octo/app");
        var callError = await Assert.ThrowsAsync<CodemateException>(() => api.GetDefaultBranchAsync(repo, 8, CancellationToken.None));
        await context.Get<IGitHubIdentity>().GetLoginAsync(CancellationToken.None);

        var secrets = context.GitHub.IssuedTokens.Select(t => t.Token)
            .Concat(context.GitHub.Calls.Select(c => c.Authorization.Split(' ').Last()).Where(s => s.Length > 20))
            .Append("PRIVATE KEY")
            .Distinct()
            .ToList();
        var records = context.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        Assert.Contains(records, r => r.Id.Id == 2001);
        foreach (var secret in secrets)
        {
            Assert.All(records, r => Assert.DoesNotContain(secret, r.Message + r.Exception, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, exchangeError.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, callError.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_personal_access_token_never_appears_in_logs()
    {
        await using var context = await GitHubTestContext.WithTokenAsync(configure: s => s[EnvironmentVariables.GitHubToken] = "ghp_wrongtoken1234567890");

        var error = await Assert.ThrowsAsync<CodemateException>(() => context.Get<IGitHubApi>().GetDefaultBranchAsync(RepositoryName.Create("octo", "app"), null, CancellationToken.None));
        Assert.Null(await context.Get<IGitHubIdentity>().GetLoginAsync(CancellationToken.None));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_wrongtoken", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(context.Logs.GetSnapshot(), r => r.Id.Id == 2021);
        Assert.All(context.Logs.GetSnapshot(), r => Assert.DoesNotContain("ghp_wrongtoken", r.Message + r.Exception, StringComparison.Ordinal));
    }
}
