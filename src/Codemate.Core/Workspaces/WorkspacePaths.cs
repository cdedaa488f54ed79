using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Codemate.Workspaces;

/// <summary>Where an issue's workspace and its repository's mirror live, proven to stay under the root.</summary>
/// <param name="Root">The workspaces root, full path.</param>
/// <param name="Workspace"><c>{root}/{owner}/{repo}/issue-{N}</c>.</param>
/// <param name="Mirror"><c>{root}/.mirrors/{owner}/{repo}.git</c>.</param>
internal sealed record WorkspacePaths(string Root, string Workspace, string Mirror)
{
    public const string MirrorsDirectory = ".mirrors";

    /// <summary>The repository's spare checkout, <c>{root}/.mirrors/{owner}/{repo}.spare</c>: beside the mirror, so under the root.</summary>
    public string Spare => Mirror[..^".git".Length] + ".spare";

    /// <summary>Resolves the paths, refusing any part that could name a directory outside <paramref name="root"/>.</summary>
    public static bool TryResolve(string root, string? owner, string? name, int number, [NotNullWhen(true)] out WorkspacePaths? paths, [NotNullWhen(false)] out string? error)
    {
        paths = null;
        if (!IsSafeSegment(owner) || !IsSafeSegment(name))
        {
            error = $"repository '{Printable(owner)}/{Printable(name)}' cannot be used as a directory name";
            return false;
        }

        if (number <= 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"issue number {number} is not valid");
            return false;
        }

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var workspace = Path.GetFullPath(Path.Combine(fullRoot, owner, name, string.Create(CultureInfo.InvariantCulture, $"issue-{number}")));
        var mirror = Path.GetFullPath(Path.Combine(fullRoot, MirrorsDirectory, owner, name + ".git"));
        if (!IsUnder(fullRoot, workspace) || !IsUnder(fullRoot, mirror) || LeavesRootThroughLink(fullRoot, workspace) || LeavesRootThroughLink(fullRoot, mirror))
        {
            error = $"the workspace for '{Printable(owner)}/{Printable(name)}' would not stay under {fullRoot}";
            return false;
        }

        paths = new WorkspacePaths(fullRoot, workspace, mirror);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="path"/> is strictly below <paramref name="root"/> once made absolute.</summary>
    public static bool IsUnder(string root, string path)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var fullPath = Path.GetFullPath(path);
        return fullPath.Length > fullRoot.Length && fullPath.StartsWith(fullRoot, StringComparison.Ordinal);
    }

    /// <summary>
    /// A <c>.git</c> directory of its own, with its own objects: a link, a <c>gitdir:</c> file or an alternates list
    /// could make Codemate read (and push) another repository's objects on the agent's behalf.
    /// </summary>
    public static bool IsPlainRepository(string workspace)
    {
        var gitDirectory = new DirectoryInfo(Path.Combine(workspace, ".git"));
        var objects = new DirectoryInfo(Path.Combine(gitDirectory.FullName, "objects"));
        return gitDirectory.Exists && gitDirectory.LinkTarget is null
            && objects.Exists && objects.LinkTarget is null
            && !File.Exists(Path.Combine(objects.FullName, "info", "alternates"));
    }

    private static bool IsSafeSegment([NotNullWhen(true)] string? segment) =>
        !string.IsNullOrEmpty(segment)
        && segment is not "." and not ".."
        && !Path.IsPathRooted(segment)
        && segment.IndexOfAny(['/', '\\', ':']) < 0
        && segment.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && !segment.Any(char.IsControl)
        && segment.Trim() == segment;

    // A symbolic link below the root (planted or accidental) must not carry a workspace elsewhere.
    private static bool LeavesRootThroughLink(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        var current = root;
        foreach (var part in relative)
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (!info.Exists)
            {
                return false;
            }

            if (info.LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(string? value) =>
        value is null ? "(missing)" : new string(value.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
