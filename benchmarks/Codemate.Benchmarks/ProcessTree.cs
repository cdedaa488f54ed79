using System.Globalization;

namespace Codemate.Benchmarks;

/// <summary>Private tmux servers' processes and every process under them (the agents), read from /proc.</summary>
internal static class ProcessTree
{
    /// <summary>The <paramref name="roots"/> (tmux servers, one per session) and their descendants that are alive now.</summary>
    public static IReadOnlyList<int> Of(IReadOnlyCollection<int> roots)
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
                if (roots.Contains(pid))
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
