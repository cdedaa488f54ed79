namespace Codemate.Testing.GitHubDouble;

/// <summary>A pull request opened on the double.</summary>
public sealed record DoublePullRequest(int Number, string Title, string Head, string Base, string? Body, bool Draft, string State, string HtmlUrl, string Author);
