using Codemate.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// Codemate's per-session files, all under <c>{WORKSPACES_ROOT}/.codemate</c> and so outside every worktree:
/// <c>status/{session}.status</c> and <c>agents/{session}/</c>.
/// </summary>
internal sealed class SessionPaths(IOptions<CodemateOptions> options)
{
    public IOptions<CodemateOptions> CodemateOptions => options;

    public const string StatusExtension = ".status";

    public string Root => Path.Combine(Path.GetFullPath(options.Value.WorkspacesRoot), ".codemate");

    public string StatusDirectory => Path.Combine(Root, "status");

    public string StatusFile(string sessionName) => Path.Combine(StatusDirectory, sessionName + StatusExtension);

    /// <summary>Where every session's agent directory is made.</summary>
    public string AgentsDirectory => Path.Combine(Root, "agents");

    public string AgentDirectory(string sessionName) => Path.Combine(AgentsDirectory, sessionName);

    /// <summary>The session a status file belongs to, or <see langword="null"/> for any other file.</summary>
    public static string? SessionOf(string? fileName) =>
        fileName is not null && fileName.EndsWith(StatusExtension, StringComparison.Ordinal) && fileName.Length > StatusExtension.Length
            ? Path.GetFileName(fileName)[..^StatusExtension.Length]
            : null;
}
