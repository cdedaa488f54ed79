namespace Codemate.Policy;

/// <summary>
/// GitHub could not answer a lookup the policy needs for a reason that passes (a 5xx, a rate limit, a timeout, no
/// connection). Thrown rather than returned as a denial, so the work dispatcher tries the event again later instead
/// of dropping it; a lookup GitHub answered (404, a permission too low) stays a denial.
/// </summary>
internal sealed class GitHubUnavailableException(string message, Exception innerException) : CodemateException(message, innerException);
