using Codemate.Native;

namespace Codemate.Doctor;

/// <summary>Whether Codemate can create a directory and write files in it, found by doing both.</summary>
internal static class WritableDirectory
{
    /// <summary>Creates <paramref name="directory"/>, writes and deletes a probe file; the error, or <see langword="null"/> when it worked.</summary>
    public static string? Probe(string directory)
    {
        try
        {
            // Created as serve would create it: private, since serve keeps whatever mode it finds.
            PrivateFiles.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".codemate-doctor-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception.Message;
        }
    }
}
