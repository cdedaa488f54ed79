using System.Globalization;
using System.Text;

namespace Codemate.Workspaces;

/// <summary>
/// What a checkpoint commit takes from a worktree, read from <c>git status --porcelain=v1 -z --no-renames</c>: the
/// changes to tracked files first, then new files, until a limit is reached. A file too large for GitHub, or past the
/// limits, is left out (it stays in the workspace) and named in the commit message, so a worktree full of build output
/// costs a bounded commit and push instead of holding up the stop.
/// </summary>
internal sealed record CheckpointChanges(IReadOnlyList<string> Included, IReadOnlyList<string> LeftOut)
{
    private const int MaxListed = 20;

    private const long Megabyte = 1024L * 1024;

    /// <summary>Splits the status output of <paramref name="workspace"/> into the paths to commit and those left out, within <paramref name="limits"/>' checkpoint limits.</summary>
    public static CheckpointChanges Select(string workspace, string porcelain, WorkspaceOptions limits)
    {
        var maxFileBytes = limits.CheckpointMaxFileMegabytes * Megabyte;
        var maxTotalBytes = limits.CheckpointMaxMegabytes * Megabyte;
        var tracked = new List<string>();
        var untracked = new List<string>();
        var leftOut = new List<string>();
        foreach (var entry in porcelain.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Length < 4 || entry[2] != ' ')
            {
                continue;
            }

            var path = entry[3..];
            if (path.EndsWith('/'))
            {
                // A repository of its own inside the worktree: git would record only a link to a commit nobody has.
                leftOut.Add(path);
            }
            else
            {
                (entry.StartsWith("??", StringComparison.Ordinal) ? untracked : tracked).Add(path);
            }
        }

        var included = new List<string>();
        long total = 0;
        foreach (var path in tracked.Concat(untracked))
        {
            var size = SizeOf(Path.Combine(workspace, path));
            if (size > maxFileBytes || total + size > maxTotalBytes || included.Count >= limits.CheckpointMaxFiles)
            {
                leftOut.Add(path);
                continue;
            }

            total += size;
            included.Add(path);
        }

        return new CheckpointChanges(included, leftOut);
    }

    /// <summary>The commit message: marked as Codemate's checkpoint, saying why the session ended and what was left out.</summary>
    public string Message(string reason)
    {
        var text = new StringBuilder()
            .Append("Codemate checkpoint: work left uncommitted when the session ended\n\n")
            .Append("The session ended: ").Append(reason.ReplaceLineEndings(" ").Trim()).Append('\n')
            .Append(string.Create(CultureInfo.InvariantCulture, $"Codemate committed the {Included.Count} changed file(s) the agent left uncommitted in its worktree, so the work is not lost.\n"));
        if (LeftOut.Count > 0)
        {
            text.Append("\nLeft out (too large, a repository of its own, or past the checkpoint's limits); they stay in the workspace:\n");
            foreach (var path in LeftOut.Take(MaxListed))
            {
                text.Append("- ").Append(path).Append('\n');
            }

            if (LeftOut.Count > MaxListed)
            {
                text.Append(string.Create(CultureInfo.InvariantCulture, $"- and {LeftOut.Count - MaxListed} more\n"));
            }
        }

        return text.Append("\nCodemate-Checkpoint: true\n").ToString();
    }

    /// <summary>The size git would store: a link is stored as its target's name, a deleted file as nothing.</summary>
    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null ? file.Length : 0;
    }
}
