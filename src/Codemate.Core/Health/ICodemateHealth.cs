namespace Codemate.Health;

/// <summary>Builds the <c>/health</c> report from the state store and the real tmux state.</summary>
public interface ICodemateHealth
{
    /// <summary>The current report.</summary>
    Task<CodemateHealthReport> GetReportAsync(CancellationToken cancellationToken);
}
