using Codemate.Issues;
using Codemate.State;

namespace Codemate.Workflow;

/// <summary>What <see cref="StartCheck"/> decided about starting an agent on an issue's text.</summary>
internal abstract record StartVerdict
{
    /// <summary>Start, with the issue as GitHub has it now and the vouch that covers that text.</summary>
    public sealed record Start(IssueDetails Details, Vouch Vouch) : StartVerdict;

    /// <summary>Start nothing and say nothing on the issue (closed, gone, no longer labelled): only the log says why.</summary>
    public sealed record Ignore(string Reason) : StartVerdict;

    /// <summary>Start nothing until someone who may steer vouches for the text; the issue is told why, once.</summary>
    public sealed record NeedsVouch(string Reason, IssueDetails Details) : StartVerdict;
}
