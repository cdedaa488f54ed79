using Codemate.Issues;

namespace Codemate.Policy;

/// <summary>
/// Decides who may drive the agent. The default implementation requires <c>write</c> permission, checked
/// through GitHub's API, and applies the allow-lists and trigger label/mention of <see cref="TriggerPolicyOptions"/>.
/// Replace it with <c>UseTriggerPolicy&lt;T&gt;()</c> on the builder <c>AddCodemate</c> returns.
/// </summary>
public interface ITriggerPolicy
{
    /// <summary>
    /// Whether events from <paramref name="repository"/> are handled at all. Cheap and synchronous, so the webhook
    /// receiver can answer other repositories' deliveries (200, ignored) before recording anything.
    /// </summary>
    bool IsRepositoryAllowed(RepositoryName repository);

    /// <summary>
    /// Whether <paramref name="work"/> may start, steer or stop the agent. Denials are results, not exceptions,
    /// and are logged with their reason; a permission lookup GitHub refused is a denial. When GitHub fails for a while
    /// (5xx, rate limit, timeout) the default policy throws instead: the dispatcher tries the event again after a
    /// back-off, and parks it if GitHub keeps failing, so an event is never dropped for an outage.
    /// </summary>
    ValueTask<PolicyDecision> EvaluateAsync(IssueWork work, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="person"/> may steer the agent on <paramref name="work"/>'s repository, whatever the
    /// event: used to decide whether an issue's author vouches for their own text. Same rules as
    /// <see cref="EvaluateAsync"/> for a person (allow-lists, permission); a refused lookup is a denial, a transient
    /// failure throws.
    /// </summary>
    ValueTask<PolicyDecision> MaySteerAsync(IssueWork work, Actor person, CancellationToken cancellationToken);
}
