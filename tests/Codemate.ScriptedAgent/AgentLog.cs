using System.Text.Json;

namespace Codemate.Scripted;

/// <summary>One JSON object per line: <c>{"kind": "message", "text": "...", "at": "..."}</c>.</summary>
internal sealed class AgentLog(string path)
{
    private readonly Lock _lock = new();

    public void Write(string kind, string? text)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["kind"] = kind,
            ["text"] = text,
            ["at"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }) + "\n";
        lock (_lock)
        {
            File.AppendAllText(path, line);
        }
    }
}
