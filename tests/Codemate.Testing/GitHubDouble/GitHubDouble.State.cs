using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Codemate.Testing.GitHubDouble;

/// <summary>What tests seed and assert on: users, the App, repositories, issued tokens, injected failures.</summary>
public sealed partial class GitHubDouble
{
    private readonly ConcurrentDictionary<string, string> _userTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DoubleRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> _accountIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, string> _installationAccounts = new();
    private readonly ConcurrentQueue<IssuedToken> _issuedTokens = new();
    private readonly Lock _failureGate = new();
    private readonly List<PendingFailure> _failures = [];
    private long _nextId = 1000;
    private RSA? _appPublicKey;

    /// <summary>The double's clock: token expiry, JWT checks and rate-limit resets. Set it to the test's <c>FakeTimeProvider</c>.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How long issued installation tokens live (GitHub: one hour).</summary>
    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The configured App's id, once <see cref="ConfigureApp"/> was called.</summary>
    public long? AppId { get; private set; }

    /// <summary>The configured App's slug; its comments are authored by <c>slug[bot]</c>.</summary>
    public string AppSlug { get; private set; } = "codemate-test";

    /// <summary>Every installation token issued, in order.</summary>
    public IReadOnlyList<IssuedToken> IssuedTokens => [.. _issuedTokens];

    /// <summary>The repositories, by <c>owner/name</c>.</summary>
    public IReadOnlyDictionary<string, DoubleRepository> Repositories => _repositories;

    /// <summary>Accepts <paramref name="token"/> as a personal access token of <paramref name="login"/>.</summary>
    public void AddUserToken(string token, string login) => _userTokens[token] = login;

    /// <summary>Makes the double a GitHub App whose JWTs must verify with <paramref name="publicKeyPem"/>.</summary>
    public void ConfigureApp(long appId, string publicKeyPem, string slug = "codemate-test")
    {
        var key = RSA.Create();
        key.ImportFromPem(publicKeyPem);
        _appPublicKey?.Dispose();
        _appPublicKey = key;
        AppId = appId;
        AppSlug = slug;
    }

    /// <summary>
    /// Gives <paramref name="login"/> the account id <paramref name="id"/> from now on, as when an account is renamed
    /// and its old login registered by someone else. Until then a login's id is derived from the login.
    /// </summary>
    public void SetAccountId(string login, long id) => _accountIds[login] = id;

    /// <summary>The account id <c>GET /users/{login}</c> and every user object in the double's answers carry.</summary>
    public long AccountId(string login) =>
        _accountIds.TryGetValue(login, out var id) ? id : Math.Abs(login.GetHashCode(StringComparison.OrdinalIgnoreCase));

    /// <summary>Makes installation <paramref name="installationId"/> belong to <paramref name="account"/> (<c>GET /app/installations/{id}</c>).</summary>
    public void SetInstallationAccount(long installationId, string account) => _installationAccounts[installationId] = account;

    /// <summary>The account of an installation: as set, else the owner of a repository added for it.</summary>
    private string? InstallationAccount(long installationId) =>
        _installationAccounts.TryGetValue(installationId, out var account)
            ? account
            : _repositories.Values.FirstOrDefault(r => r.InstallationId == installationId)?.Owner;

    /// <summary>Adds a repository; with <paramref name="installationId"/>, only that installation's tokens (and PATs) see it.</summary>
    public DoubleRepository AddRepository(string owner, string name, string defaultBranch = "main", long? installationId = null)
    {
        var repository = new DoubleRepository(ServerUrl, owner, name, defaultBranch, installationId);
        _repositories[$"{owner}/{name}"] = repository;
        return repository;
    }

    /// <summary>The repository <c>owner/name</c>; throws when it was never added.</summary>
    public DoubleRepository Repository(string owner, string name) =>
        _repositories.TryGetValue($"{owner}/{name}", out var repository) ? repository : throw new KeyNotFoundException($"{owner}/{name} is not on the double.");

    /// <summary>
    /// The next <paramref name="count"/> API calls (optionally only <paramref name="method"/>, only paths containing
    /// <paramref name="pathContains"/>) are answered with <paramref name="failure"/>.
    /// </summary>
    public void FailNext(int count, DoubleFailure failure, string? method = null, string? pathContains = null)
    {
        lock (_failureGate)
        {
            _failures.Add(new PendingFailure(failure, method, pathContains) { Remaining = count });
        }
    }

    private DoubleFailure? TakeFailure(string method, string path)
    {
        lock (_failureGate)
        {
            var pending = _failures.FirstOrDefault(f => f.Remaining > 0
                && (f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
                && (f.PathContains is null || path.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase)));
            if (pending is null)
            {
                return null;
            }

            pending.Remaining--;
            return pending.Failure;
        }
    }

    private long NextId() => Interlocked.Increment(ref _nextId);

    private sealed record PendingFailure(DoubleFailure Failure, string? Method, string? PathContains)
    {
        public int Remaining { get; set; }
    }
}
