using System.Diagnostics.Metrics;

namespace Codemate.Diagnostics;

/// <summary>
/// Meters for parts made outside dependency injection (the operator commands, a component built by hand): each meter
/// is its own, scoped to this factory, so listeners tell it from a host's.
/// </summary>
internal sealed class StandaloneMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
            _meters.Clear();
        }
    }
}
