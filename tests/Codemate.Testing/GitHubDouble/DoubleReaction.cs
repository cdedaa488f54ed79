namespace Codemate.Testing.GitHubDouble;

/// <summary>A reaction added to an issue on the double.</summary>
public sealed record DoubleReaction(long Id, int IssueNumber, string Content, string Author);
