namespace Codemate.Sessions;

/// <summary>Writes files only the current user may read (mode 0600, or 0700 for scripts), replacing them atomically.</summary>
internal static class PrivateFile
{
    public static void Write(string path, string text, bool executable = false)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        CreateNew(temporary, text, executable);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Creates <paramref name="path"/>, which must not exist, with <paramref name="text"/> in it.</summary>
    public static void CreateNew(string path, string text, bool executable = false)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (executable ? UnixFileMode.UserExecute : UnixFileMode.None);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
