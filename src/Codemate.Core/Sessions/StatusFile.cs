namespace Codemate.Sessions;

/// <summary>
/// Reads and writes the one-word status files. Agents rewrite them in place, with or without a trailing
/// newline, so a read may catch an empty file: that reads as <see cref="AgentStatus.Unknown"/> and the write
/// that follows raises another change.
/// </summary>
internal static class StatusFile
{
    public const string Busy = "busy";
    public const string Idle = "idle";
    public const string Error = "error";

    public static AgentStatus Read(string path)
    {
        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return AgentStatus.Unknown;
        }

        return Parse(text);
    }

    public static AgentStatus Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        Busy => AgentStatus.Busy,
        Idle => AgentStatus.Idle,
        Error => AgentStatus.Failed,
        _ => AgentStatus.Unknown,
    };

    /// <summary>
    /// Replaces the file atomically, so neither the agent nor the watcher sees half a word; or, with
    /// <paramref name="inPlace"/>, rewrites the existing file: a sandboxed agent sees the file through a bind mount of
    /// that very file, which a replacement would leave behind. (The agent cannot swap a mount point for a link.)
    /// </summary>
    public static void Write(string path, string word, bool inPlace = false)
    {
        if (inPlace && File.Exists(path))
        {
            File.WriteAllText(path, word);
            return;
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, word);
        File.Move(temporary, path, overwrite: true);
    }
}
