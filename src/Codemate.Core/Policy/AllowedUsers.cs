using Codemate.Configuration;
using Microsoft.Extensions.Logging;

namespace Codemate.Policy;

/// <summary>
/// <c>CODEMATE_ALLOWED_USERS</c>, written as logins and matched by account id wherever the event carries one:
/// a listed login is resolved to its id once (<see cref="AccountIds"/>), and an event from the same login with
/// another id comes from whoever registered the name after a rename, so it is denied. Work recorded before ids were
/// read carries only logins and is matched by login, as it was when it was accepted.
/// </summary>
internal sealed partial class AllowedUsers(IEnumerable<string> logins, AccountIds accounts, ILogger logger)
{
    private readonly HashSet<string> _logins = new(logins.Select(u => u.Trim()).Where(u => u.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a list is configured at all; without one everybody is subject to the permission check alone.</summary>
    public bool IsRestricted => _logins.Count > 0;

    /// <summary><see langword="null"/> when <paramref name="login"/> (account <paramref name="userId"/>) is listed; otherwise why not.</summary>
    public async ValueTask<PolicyDecision?> CheckAsync(string login, long? userId, long? installationId, CancellationToken cancellationToken)
    {
        if (!_logins.Contains(login))
        {
            return PolicyDecision.Deny(PolicyOutcome.UserNotAllowed, $"{login} is not in {EnvironmentVariables.AllowedUsers}");
        }

        if (userId is not { } id)
        {
            return null;
        }

        long listed;
        try
        {
            listed = await accounts.ResolveAsync(login, installationId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (TransientGitHubFailure.Is(exception))
        {
            throw TransientGitHubFailure.Unavailable($"look up which account {login} in {EnvironmentVariables.AllowedUsers} is", exception);
        }
        catch (Exception exception)
        {
            // Allowing on the login alone is exactly what a re-registered login would need: deny, and ask next time.
            Log.ResolveFailed(logger, login, exception);
            return PolicyDecision.Deny(
                PolicyOutcome.PermissionUnknown,
                $"could not look up which account {login} in {EnvironmentVariables.AllowedUsers} is ({exception.GetType().Name}); denied until it can be checked");
        }

        if (listed == id)
        {
            return null;
        }

        Log.OtherAccount(logger, login, id, listed);
        return PolicyDecision.Deny(
            PolicyOutcome.UserNotAllowed,
            $"{login} is account {id}, but {login} in {EnvironmentVariables.AllowedUsers} is account {listed}: the login was renamed or registered again");
    }

    private static partial class Log
    {
        [LoggerMessage(7006, LogLevel.Warning, "Could not look up the account of {Login} from CODEMATE_ALLOWED_USERS; their events are denied until it can be")]
        public static partial void ResolveFailed(ILogger logger, string login, Exception exception);

        [LoggerMessage(7007, LogLevel.Warning, "An event from {Login} came from account {UserId}, but the login listed in CODEMATE_ALLOWED_USERS is account {ListedId}; denied")]
        public static partial void OtherAccount(ILogger logger, string login, long userId, long listedId);
    }
}
