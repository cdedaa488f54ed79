namespace Codemate.Testing.GitHubDouble;

/// <summary>An issue on the double as GitHub would answer it now: tests edit, relabel and close it behind Codemate's back.</summary>
/// <param name="AuthorId">The author's account id; null for the id the double gives <paramref name="Author"/>'s login.</param>
public sealed record DoubleIssue(int Number, string Title, string Body, string Author, string State, IReadOnlyList<string> Labels, long? AuthorId = null);
