using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace Codemate.Benchmarks;

/// <summary>A private tmux server's process and every process under it (the agents), read from /proc.</summary>
internal static class ProcessTree
{
    /// <summary>The pid of the tmux server listening on <paramref name="socket"/>; null when none answers.</summary>
    public static async Task<int?> TmuxServerAsync(string socket)
    {
        var result = await Cli.Wrap("tmux").WithArguments(["-S", socket, "display-message", "-p", "#{pid}"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        return result.ExitCode == 0 && int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary><paramref name="root"/> and its descendants that are alive now.</summary>
    public static IReadOnlyList<int> Of(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // It ended while the directory was read.
                }
            }
        }

        bool Under(int pid)
        {
            for (var hops = 0; hops < 64 && pid > 1; hops++)
            {
                if (pid == root)
                {
                    return true;
                }

                pid = parents.GetValueOrDefault(pid);
            }

            return false;
        }

        return [.. parents.Keys.Where(Under)];
    }
}
