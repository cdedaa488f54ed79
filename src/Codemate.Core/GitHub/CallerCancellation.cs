namespace Codemate.GitHub;

/// <summary>
/// Octokit's clients take no <see cref="CancellationToken"/>; the caller's token rides along in an
/// <see cref="AsyncLocal{T}"/> set at the top of each async operation and <see cref="CallerCancellationHandler"/>
/// applies it to the HTTP request. An async method's changes to it never leak back to its caller.
/// </summary>
internal static class CallerCancellation
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    public static CancellationToken Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }
}
