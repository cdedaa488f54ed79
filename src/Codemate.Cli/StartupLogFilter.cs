using Microsoft.Extensions.Logging;

namespace Codemate.Cli;

/// <summary>
/// While <c>serve</c> starts, hides the host's own error log ("Hosting failed to start", with the exception's stack
/// trace): <c>serve</c> reports a failed start itself, as one clear line, and an unexpected exception still reaches
/// System.CommandLine, which prints it in full. Once the host has started, the host's log is shown as usual, from
/// <see cref="LogLevel.Information"/> up (the default level, which a filter function replaces for its category).
/// </summary>
internal sealed class StartupLogFilter
{
    /// <summary>The category of <c>Microsoft.Extensions.Hosting.Internal.Host</c>'s log.</summary>
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private volatile bool _started;

    public bool IsEnabled(LogLevel level) => level >= LogLevel.Information && (_started || level < LogLevel.Error);

    public void Started() => _started = true;
}
