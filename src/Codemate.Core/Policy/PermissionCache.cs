using System.Collections.Concurrent;
using Codemate.Issues;

namespace Codemate.Policy;

/// <summary>Looked-up permissions per repository and login, each reused until its time-to-live passes.</summary>
internal sealed class PermissionCache(TimeProvider time)
{
    private const int PruneAbove = 4096;
    private readonly ConcurrentDictionary<(string Repository, string Login), (RepositoryPermission Permission, DateTimeOffset Expires)> _entries = new();

    public bool TryGet(RepositoryName repository, string login, out RepositoryPermission permission)
    {
        var key = Key(repository, login);
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
        {
            permission = entry.Permission;
            return true;
        }

        permission = RepositoryPermission.None;
        return false;
    }

    public void Set(RepositoryName repository, string login, RepositoryPermission permission, TimeSpan timeToLive)
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_entries.Count >= PruneAbove)
        {
            foreach (var stale in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        _entries[Key(repository, login)] = (permission, now + timeToLive);
    }

    private static (string, string) Key(RepositoryName repository, string login) =>
        (repository.FullName.ToUpperInvariant(), login.ToUpperInvariant());
}
