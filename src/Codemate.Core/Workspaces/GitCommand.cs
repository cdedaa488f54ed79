namespace Codemate.Workspaces;

/// <summary>One git invocation. Nothing in it but <see cref="Credentials"/> may be secret, and those never reach argv.</summary>
/// <param name="WorkingDirectory">Where git runs; must exist.</param>
/// <param name="Arguments">The arguments after <c>git</c>; never a token.</param>
internal sealed record GitCommand(string WorkingDirectory, IReadOnlyList<string> Arguments)
{
    /// <summary>Credentials for the git host, passed as an <c>http.extraHeader</c> through the environment.</summary>
    public GitCredentials? Credentials { get; init; }

    /// <summary>Non-secret configuration for this invocation only (passed as <c>GIT_CONFIG_KEY_n</c>/<c>GIT_CONFIG_VALUE_n</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Configuration { get; init; } = [];

    /// <summary>Returns the result of a failing command instead of throwing.</summary>
    public bool AllowFailure { get; init; }

    /// <summary>
    /// Background work (a spare checkout): git runs at the lowest CPU priority, so it takes only what the issues being
    /// started leave over.
    /// </summary>
    public bool Background { get; init; }

    /// <summary><c>git</c> and its arguments, for messages and logs.</summary>
    public override string ToString() => "git " + string.Join(' ', Arguments);
}
