namespace Codemate.Cli;

/// <summary>One clear line on standard error and a non-zero exit code.</summary>
internal static class StartupError
{
    public static int Report(string message)
    {
        Console.Error.WriteLine($"codemate: {message}");
        return 1;
    }
}
