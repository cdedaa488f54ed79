namespace Codemate.Testing;

/// <summary>Files of the repository the tests were built from (README, scripts), found above the test's own directory.</summary>
public static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Codemate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Codemate.sln not found above {AppContext.BaseDirectory}.");
    }
}
