using Codemate.Issues;

namespace Codemate.Hosting;

/// <summary>
/// Does the work for one accepted event. Calls for the same issue never overlap and arrive in the order
/// GitHub delivered them; calls for different issues run concurrently.
/// </summary>
public interface IIssueHandler
{
    /// <summary>Handles <paramref name="work"/>. Exceptions are logged and do not stop other issues.</summary>
    Task HandleAsync(IssueWork work, CancellationToken cancellationToken);
}
