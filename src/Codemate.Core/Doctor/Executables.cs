namespace Codemate.Doctor;

/// <summary>Finds programs the way a shell would, without running a shell.</summary>
internal static class Executables
{
    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The program a shell command line starts: its first word, skipping <c>VAR=value</c> assignments.</summary>
    public static string? FirstProgram(string commandLine) =>
        commandLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(word => !word.Contains('=', StringComparison.Ordinal))?.Trim('"', '\'');
}
