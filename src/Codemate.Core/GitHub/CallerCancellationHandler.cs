namespace Codemate.GitHub;

/// <summary>Cancels a GitHub request when the operation that started it is cancelled (see <see cref="CallerCancellation"/>).</summary>
internal sealed class CallerCancellationHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var caller = CallerCancellation.Current;
        if (!caller.CanBeCanceled || caller == cancellationToken)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, caller);
        return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
    }
}
