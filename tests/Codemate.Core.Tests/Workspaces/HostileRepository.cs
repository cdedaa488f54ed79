namespace Codemate.Core.Tests.Workspaces;

/// <summary>What a prompt-injected agent plants in a repository it can write: every program git could be made to run leaves a marker.</summary>
internal static class HostileRepository
{
    public static readonly string[] Hooks =
    [
        "pre-push", "post-commit", "pre-commit", "post-checkout", "post-merge", "reference-transaction", "pre-auto-gc",
        "post-rewrite", "push-to-checkout", "pre-receive", "update", "post-receive", "post-update", "fsmonitor-watchman",
    ];

    /// <summary>A shell command that writes the marker <paramref name="name"/> into <paramref name="markers"/>.</summary>
    public static string Marker(string markers, string name) => $"touch '{Path.Combine(markers, name)}'";

    /// <summary>Writes each hook in <see cref="Hooks"/> into <paramref name="directory"/>, each leaving its own marker.</summary>
    public static void WriteHooks(string directory, string markers)
    {
        Directory.CreateDirectory(directory);
        foreach (var hook in Hooks)
        {
            var path = Path.Combine(directory, hook);
            File.WriteAllText(path, $"#!/bin/sh\n{Marker(markers, hook + "-in-" + Path.GetFileName(Path.GetDirectoryName(directory)) + "-" + Path.GetFileName(directory))}\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
