using System.Collections.Concurrent;
using Codemate.GitHub;

namespace Codemate.Policy;

/// <summary>
/// The account ids of logins named in the settings, each looked up once (<c>GET /users/{login}</c>) and then kept for
/// the life of the process. A login can be renamed and registered again by someone else; the id cannot, so an event
/// from the login's new holder no longer matches. A failed lookup is not kept: the caller denies and the next event
/// asks again. Only logins from the settings are asked for, so the map stays as small as the settings.
/// </summary>
internal sealed class AccountIds(IGitHubApi github)
{
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The id <paramref name="login"/> had when first resolved; throws when GitHub cannot say.</summary>
    public async ValueTask<long> ResolveAsync(string login, long? installationId, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue(login, out var known))
        {
            return known;
        }

        var account = await github.GetAccountAsync(login, installationId, cancellationToken).ConfigureAwait(false);
        // Two events may resolve at once; the first answer stays, so an id never changes once used.
        return _ids.GetOrAdd(login, account.Id);
    }
}
