namespace Codemate.Testing.GitHubDouble;

/// <summary>A review comment posted to the double: here only replies in a review thread (<see cref="InReplyTo"/> is the thread's first comment).</summary>
public sealed record DoubleReviewComment(long Id, int PullNumber, long InReplyTo, string Body, string Author);
