namespace Codemate.State;

/// <summary>The last check reported complete on Codemate's pull request, for the status comment.</summary>
/// <param name="Name">The check run's or workflow's name.</param>
/// <param name="Conclusion"><c>success</c>, <c>failure</c>, <c>timed_out</c>, or <c>cancelled</c> (a workflow run stopped by a failed job).</param>
/// <param name="HeadSha">The commit that was checked.</param>
public sealed record CheckResult(string Name, string Conclusion, string HeadSha);
