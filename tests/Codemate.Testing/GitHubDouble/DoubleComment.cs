namespace Codemate.Testing.GitHubDouble;

/// <summary>An issue comment on the double; <see cref="Body"/> is the latest text.</summary>
public sealed record DoubleComment(long Id, int IssueNumber, string Body, string Author, string HtmlUrl);
