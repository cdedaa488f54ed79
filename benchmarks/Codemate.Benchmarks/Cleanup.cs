namespace Codemate.Benchmarks;

/// <summary>
/// Tells run.sh what to stop if this process dies before its own cleanup runs: each line of
/// <c>$BENCH_CLEANUP_FILE</c> is <c>pid N</c> (a codemate process) or <c>tmux DIRECTORY</c> (the sockets of private tmux servers).
/// </summary>
internal static class Cleanup
{
    private static readonly Lock Gate = new();

    public static void Register(string kind, string value)
    {
        if (Environment.GetEnvironmentVariable("BENCH_CLEANUP_FILE") is not { Length: > 0 } file)
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(file, $"{kind} {value}\n");
        }
    }
}
