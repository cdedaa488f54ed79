namespace Codemate.Diagnostics;

/// <summary>Attribute names on Codemate's spans and metrics, after OpenTelemetry's naming rules.</summary>
internal static class TelemetryTags
{
    public const string Repository = "codemate.repository";
    public const string Issue = "codemate.issue";
    public const string DeliveryId = "codemate.delivery_id";
    public const string Event = "codemate.event";
    public const string Work = "codemate.work";
    public const string Attempt = "codemate.attempt";
    public const string Outcome = "outcome";
    public const string State = "state";
    public const string Kind = "kind";
    public const string Command = "command";
    public const string TokenType = "type";
    public const string Model = "model";
    public const string Step = "step";
    public const string GitCommand = "codemate.git.command";
    public const string TmuxCommand = "codemate.tmux.command";
    public const string ExitCode = "process.exit.code";
}
