using Codemate.Configuration;
using Codemate.State;
using Codemate.State.Postgres;
using Microsoft.Extensions.Options;

namespace Codemate.Webhooks;

/// <summary>
/// Hands events to the server already running this configuration's work on this machine, instead of running them a
/// second time: a server says where it takes webhooks (<see cref="AdvertiseAsync"/>), and a one-off process such as
/// <c>codemate receive</c> looks it up (<see cref="FindServerAsync"/>). With SQLite that is the process owning the
/// database file; with PostgreSQL, a live replica on this host.
/// </summary>
public sealed class WebhookHandoff
{
    private readonly IStateStore _store;
    private readonly StateOwnership _ownership;
    private readonly IOptions<CodemateOptions> _options;

    internal WebhookHandoff(IStateStore store, StateOwnership ownership, IOptions<CodemateOptions> options)
    {
        _store = store;
        _ownership = ownership;
        _options = options;
    }

    /// <summary>Says that this process, once started, takes webhooks at <paramref name="webhook"/> on this machine.</summary>
    public Task AdvertiseAsync(Uri webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (_store is PostgresStateStore postgres)
        {
            return postgres.AdvertiseAsync(webhook, cancellationToken);
        }

        _ownership.Advertise(webhook);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Another process on this machine that runs this configuration's work and said where it takes webhooks;
    /// <see langword="null"/> when there is none (a server that did not say where still makes this process's start
    /// fail with a message naming it).
    /// </summary>
    public async Task<WebhookServer?> FindServerAsync(CancellationToken cancellationToken)
    {
        StateOwner? owner;
        if (_store is PostgresStateStore postgres)
        {
            await postgres.InitializeAsync(cancellationToken).ConfigureAwait(false);
            owner = await postgres.FindServingReplicaAsync(_options.Value.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            owner = _ownership.FindOtherOwner();
        }

        return owner is { Webhook: { } webhook } ? new WebhookServer(owner.ProcessId, webhook) : null;
    }
}
