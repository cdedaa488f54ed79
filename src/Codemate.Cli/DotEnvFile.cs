namespace Codemate.Cli;

/// <summary>Loads <c>.env</c> from the working directory, as docker compose users expect; real environment variables win.</summary>
internal static class DotEnvFile
{
    public static void LoadFromWorkingDirectory()
    {
        var path = Path.Combine(Environment.CurrentDirectory, ".env");
        if (File.Exists(path))
        {
            DotNetEnv.Env.NoClobber().Load(path);
        }
    }
}
