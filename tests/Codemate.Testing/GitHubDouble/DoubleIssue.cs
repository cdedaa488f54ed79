namespace Codemate.Testing.GitHubDouble;

/// <summary>An issue on the double as GitHub would answer it now: tests edit, relabel and close it behind Codemate's back.</summary>
public sealed record DoubleIssue(int Number, string Title, string Body, string Author, string State, IReadOnlyList<string> Labels);
