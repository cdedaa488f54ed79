using System.Text.Json.Nodes;
using System.Text.Json;
using Codemate.Native;

namespace Codemate.Sessions;

/// <summary>
/// Claude Code's own state file (<c>$CLAUDE_CONFIG_DIR/.claude.json</c>) for one session, written before <c>claude</c>
/// starts so that its first start asks nothing: without these entries Claude Code waits on its onboarding (which
/// also checks it can reach Anthropic's servers directly), then on "Do you trust the files in this folder?" (the
/// default answer exits), then on "Detected a custom API key … use this API key?" (default: no). Each session has its
/// own directory, so concurrent sessions never write the same file, and whatever Claude Code added to the file in an
/// earlier run of the session (its ids, per-project history) is kept.
/// </summary>
/// <remarks>The field names are Claude Code's (<see cref="ClaudeCodeProfile.TestedVersion"/>), read off the real binary.</remarks>
internal static class ClaudeCodeState
{
    public const string FileName = ".claude.json";

    /// <summary>Claude Code remembers an approved API key by its last this-many characters.</summary>
    public const int ApprovedKeySuffixLength = 20;

    /// <summary>Far more than Claude Code keeps there; a larger file is replaced rather than read.</summary>
    private const int MaxStateBytes = 16 * 1024 * 1024;

    /// <summary>Writes (or updates) the state file in <paramref name="configDirectory"/>.</summary>
    /// <param name="configDirectory">The session's <c>CLAUDE_CONFIG_DIR</c>.</param>
    /// <param name="worktree">The directory Claude Code runs in; trusted by its real path, since that is how Claude Code looks it up.</param>
    /// <param name="apiKey">The <c>ANTHROPIC_API_KEY</c> the agent will see, if any: approved in advance.</param>
    public static void Write(string configDirectory, string worktree, string? apiKey)
    {
        PrivateFiles.CreateDirectory(configDirectory);
        var path = Path.Combine(configDirectory, FileName);
        var root = Read(path);

        root["hasCompletedOnboarding"] = true;
        root["lastOnboardingVersion"] = ClaudeCodeProfile.TestedVersion;
        if (!string.IsNullOrEmpty(apiKey))
        {
            var responses = Object(root, "customApiKeyResponses");
            var approved = Array(responses, "approved");
            var suffix = apiKey.Length > ApprovedKeySuffixLength ? apiKey[^ApprovedKeySuffixLength..] : apiKey;
            if (!approved.Any(n => n?.GetValueKind() == JsonValueKind.String && n.GetValue<string>() == suffix))
            {
                approved.Add(suffix);
            }

            Array(responses, "rejected").RemoveAll(n => n?.GetValueKind() == JsonValueKind.String && n.GetValue<string>() == suffix);
        }

        var project = Object(Object(root, "projects"), RealPath(worktree));
        project["hasTrustDialogAccepted"] = true;
        project["hasCompletedProjectOnboarding"] = true;

        PrivateFile.Write(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary><paramref name="path"/> with every symbolic link resolved, as <c>realpath</c> gives it.</summary>
    public static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            var info = new DirectoryInfo(resolved);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                resolved = Path.TrimEndingDirectorySeparator(target.FullName);
            }
        }

        return resolved;
    }

    private static JsonObject Read(string path)
    {
        // Claude Code (the agent) writes this file: it may be a link, a FIFO or huge, and then counts as missing.
        if (AgentFile.Read(path, MaxStateBytes, out var text) != AgentFileRead.Read)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            // A missing or damaged file is replaced: Claude Code recreates everything else it keeps there.
            return [];
        }
    }

    private static JsonObject Object(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static JsonArray Array(JsonObject parent, string name)
    {
        if (parent[name] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        parent[name] = created;
        return created;
    }
}
