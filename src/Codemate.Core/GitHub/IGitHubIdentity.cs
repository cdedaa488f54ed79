namespace Codemate.GitHub;

/// <summary>Codemate's own GitHub login (the token's user, or the App's <c>slug[bot]</c>), so its own comments are never fed back to the agent.</summary>
internal interface IGitHubIdentity
{
    /// <summary>The login, if it is already known; never calls GitHub.</summary>
    string? CachedLogin { get; }

    /// <summary>The login, asking GitHub once if needed; <see langword="null"/> if it cannot be known.</summary>
    ValueTask<string?> GetLoginAsync(CancellationToken cancellationToken);
}
