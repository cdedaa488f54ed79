using System.Collections.Concurrent;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Microsoft.Extensions.Logging;

namespace Codemate.Policy;

/// <summary>
/// An <c>owner/*</c> entry trusts an account, not a name. The repository's owner login in a signed payload is
/// GitHub's word, and repository names are unique, so a stranger cannot send events for <c>owner/x</c> from their
/// own installation. What the login alone does not prove is that it is still the account the operator meant: an
/// account can be renamed and its old login registered by someone else, who can then install the App there.
/// So when a delivery names an installation and only an <c>owner/*</c> entry admits the repository, the
/// installation's account (<c>GET /app/installations/{id}</c>, once per installation) must be the account that
/// <c>owner</c> resolved to the first time (<see cref="AccountIds"/>): the installation Codemate acts through then
/// belongs to the owner it was allowed for. <c>owner/repo</c> entries name the repository itself and are not checked.
/// Lookups that fail deny the event and are asked again next time.
/// </summary>
internal sealed partial class InstallationOwnerCheck(IGitHubApi github, AccountIds accounts, RepositoryAllowList repositories, ILogger logger)
{
    private readonly ConcurrentDictionary<long, GitHubAccount> _installations = new();

    /// <summary><see langword="null"/> when there is nothing to check or the installation belongs to the allowed owner; otherwise the denial.</summary>
    public async ValueTask<PolicyDecision?> CheckAsync(IssueWork work, CancellationToken cancellationToken)
    {
        var repository = work.Issue.Repository;
        if (work.InstallationId is not { } installationId || !repositories.IsAllowedOnlyByOwner(repository))
        {
            return null;
        }

        GitHubAccount? account;
        long ownerId;
        try
        {
            account = await InstallationAccountAsync(installationId, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                // A personal access token: Codemate acts with the token, whose reach is its owner's, not an installation's.
                return null;
            }

            ownerId = await accounts.ResolveAsync(repository.Owner, installationId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (TransientGitHubFailure.Is(exception))
        {
            throw TransientGitHubFailure.Unavailable($"confirm that installation {installationId} belongs to {repository.Owner}", exception);
        }
        catch (Exception exception)
        {
            Log.LookupFailed(logger, installationId, repository.Owner, exception);
            return PolicyDecision.Deny(
                PolicyOutcome.RepositoryNotAllowed,
                $"could not confirm that installation {installationId} belongs to {repository.Owner} ({exception.GetType().Name}); denied until it can be checked");
        }

        if (account.Id == ownerId && string.Equals(account.Login, repository.Owner, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return PolicyDecision.Deny(
            PolicyOutcome.RepositoryNotAllowed,
            $"installation {installationId} belongs to {account.Login} (account {account.Id}), not to the account {ownerId} that {repository.Owner}/* in {EnvironmentVariables.AllowedRepositories} was resolved to");
    }

    private async ValueTask<GitHubAccount?> InstallationAccountAsync(long installationId, CancellationToken cancellationToken)
    {
        if (_installations.TryGetValue(installationId, out var known))
        {
            return known;
        }

        // An installation never moves to another account, so its account is kept; only signed deliveries name one.
        var account = await github.GetInstallationAccountAsync(installationId, cancellationToken).ConfigureAwait(false);
        return account is null ? null : _installations.GetOrAdd(installationId, account);
    }

    private static partial class Log
    {
        [LoggerMessage(7008, LogLevel.Warning, "Could not confirm that GitHub App installation {InstallationId} belongs to {Owner}; its events are denied until it can be")]
        public static partial void LookupFailed(ILogger logger, long installationId, string owner, Exception exception);
    }
}
