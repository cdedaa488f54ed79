using Codemate.Configuration;
using Codemate.Issues;
using Microsoft.Extensions.Logging;

namespace Codemate.Policy;

internal sealed partial class TriggerPolicy
{
    /// <param name="work">The event.</param>
    /// <param name="login">Whose permission counts.</param>
    /// <param name="userId">Their account id when the event carries it, so <c>CODEMATE_ALLOWED_USERS</c> matches the account, not the name.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    private async ValueTask<PolicyDecision> CheckUserAsync(IssueWork work, string login, long? userId, CancellationToken cancellationToken)
    {
        var repository = work.Issue.Repository;
        if (string.IsNullOrWhiteSpace(login))
        {
            return PolicyDecision.Deny(PolicyOutcome.UserNotAllowed, "the event names no user to check");
        }

        if (_users.IsRestricted && await _users.CheckAsync(login, userId, work.InstallationId, cancellationToken).ConfigureAwait(false) is { } notListed)
        {
            return notListed;
        }

        if (_users.IsRestricted && _options.TrustAllowedUsers)
        {
            return PolicyDecision.Allow($"{login} is in {EnvironmentVariables.AllowedUsers} and {EnvironmentVariables.TrustAllowedUsers} is set");
        }

        if (!_cache.TryGet(repository, login, out var permission))
        {
            try
            {
                var text = await _github.GetPermissionAsync(repository, login, work.InstallationId, cancellationToken).ConfigureAwait(false);
                if (!RepositoryPermissions.TryParse(text, out permission))
                {
                    Log.UnknownPermission(_logger, Logins.Printable(text), login, repository.FullName);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (TransientGitHubFailure.Is(exception))
            {
                // Denying here would drop the comment for good; the dispatcher tries the event again after a back-off.
                Log.PermissionLookupUnavailable(_logger, login, repository.FullName, exception);
                throw TransientGitHubFailure.Unavailable($"look up {login}'s permission on {repository}", exception);
            }
            catch (Exception exception)
            {
                Log.PermissionLookupFailed(_logger, login, repository.FullName, exception);
                return PolicyDecision.Deny(
                    PolicyOutcome.PermissionUnknown,
                    $"could not look up {login}'s permission on {repository} ({exception.GetType().Name}); denied until it can be checked");
            }

            _cache.Set(repository, login, permission, _options.PermissionCacheDuration);
        }

        var required = _options.RequiredPermission;
        return permission >= required
            ? PolicyDecision.Allow($"{login} has {permission.ToText()} permission on {repository}")
            : PolicyDecision.Deny(PolicyOutcome.PermissionTooLow, $"{login} has {permission.ToText()} permission on {repository}; {required.ToText()} is required");
    }

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Debug, "Allowed {Work} for {Repository}#{Issue} (delivery {DeliveryId}): {Reason}")]
        public static partial void Allowed(ILogger logger, string work, string repository, int issue, string deliveryId, string reason);

        [LoggerMessage(7002, LogLevel.Information, "Ignored {Work} for {Repository}#{Issue} (delivery {DeliveryId}), {Outcome}: {Reason}")]
        public static partial void Denied(ILogger logger, string work, string repository, int issue, string deliveryId, PolicyOutcome outcome, string reason);

        [LoggerMessage(7003, LogLevel.Warning, "Could not look up {Login}'s permission on {Repository}; the event is denied")]
        public static partial void PermissionLookupFailed(ILogger logger, string login, string repository, Exception exception);

        [LoggerMessage(7009, LogLevel.Warning, "GitHub did not answer the lookup of {Login}'s permission on {Repository}; the event is tried again later")]
        public static partial void PermissionLookupUnavailable(ILogger logger, string login, string repository, Exception exception);

        [LoggerMessage(7004, LogLevel.Warning, "GitHub reported unknown permission '{Permission}' for {Login} on {Repository}; treated as none")]
        public static partial void UnknownPermission(ILogger logger, string permission, string login, string repository);
    }
}
