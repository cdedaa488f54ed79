namespace Codemate.Workspaces;

/// <summary>
/// What keeps every git Codemate runs from executing code a repository controls. The agent can write its worktree's
/// <c>.git</c> (config, hooks, attributes), so nothing read from a repository may name a program git would start. These
/// settings go on each command at command-line precedence, above any repository, worktree or included file.
/// </summary>
internal static class GitHardening
{
    /// <summary>Where git looks for hooks: a path that can never hold one.</summary>
    public static string NoHooks => OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

    /// <summary>Configuration for every git process Codemate starts, applied last so nothing can override it.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Configuration { get; } =
    [
        new("core.hooksPath", NoHooks),
        new("core.fsmonitor", "false"),
        // Empty values turn these off; a credential.helper list is reset by an empty entry.
        new("core.askPass", string.Empty),
        new("credential.helper", string.Empty),
        new("commit.gpgSign", "false"),
        new("tag.gpgSign", "false"),
        new("submodule.recurse", "false"),
        new("fetch.recurseSubmodules", "false"),
        // Only the transports Codemate uses; each named one explicitly, since a repository's protocol.<name>.allow
        // would otherwise beat the default. ssh, git:// (core.gitProxy) and ext:: would each start a program.
        new("protocol.allow", "never"),
        new("protocol.file.allow", "always"),
        new("protocol.https.allow", "always"),
        new("protocol.http.allow", "always"),
        new("protocol.ssh.allow", "never"),
        new("protocol.git.allow", "never"),
        new("protocol.ext.allow", "never"),
    ];

    /// <summary>
    /// Variables git may need from the server's environment; everything else is left out. Network commands also get the
    /// proxy and certificate variables an operator sets for the server's own HTTPS.
    /// </summary>
    public static IReadOnlyList<string> LocalVariables { get; } =
        ["PATH", "HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "TMPDIR", "SYSTEMROOT", "TEMP", "TMP"];

    /// <inheritdoc cref="LocalVariables"/>
    public static IReadOnlyList<string> NetworkVariables { get; } =
    [
        "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO", "GIT_SSL_CAPATH",
    ];

    /// <summary>
    /// The <c>--upload-pack</c> program for a fetch out of an agent's repository: git clears <c>GIT_CONFIG_*</c> for the
    /// other side of a local transport, so the hooks and fsmonitor settings are given again on its command line. It runs
    /// through the shell, hence the quoting.
    /// </summary>
    public static string UploadPack(string gitPath) =>
        $"{ShellQuote(gitPath)} -c core.hooksPath={ShellQuote(NoHooks)} -c core.fsmonitor=false -c protocol.allow=never upload-pack";

    /// <summary>
    /// The regular expression for <c>git config --name-only --get-regexp</c> that lists every program a repository's
    /// configuration may attach to content: filter, diff and merge drivers, named by <c>.gitattributes</c>.
    /// </summary>
    public const string DriverPattern = "^(filter|diff|merge)\\.";

    /// <summary>
    /// Settings that switch off each driver in <paramref name="names"/> (one configuration name a line): an empty program
    /// is no program, and a filter that is not required is simply skipped. Driver names cannot be known in advance, so
    /// they are read from the repository before a command that writes or reads its files.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> DriverOverrides(string names)
    {
        var overrides = new List<KeyValuePair<string, string>>();
        foreach (var name in names.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var first = name.IndexOf('.', StringComparison.Ordinal);
            var last = name.LastIndexOf('.');
            if (first < 0 || last <= first)
            {
                continue;
            }

            var driver = name[..last];
            string[] keys = name[..first].ToLowerInvariant() switch
            {
                "filter" => ["clean", "smudge", "process"],
                "diff" => ["textconv", "command"],
                "merge" => ["driver"],
                _ => [],
            };
            foreach (var key in keys)
            {
                overrides.Add(new($"{driver}.{key}", string.Empty));
            }

            if (keys is ["clean", ..])
            {
                overrides.Add(new(driver + ".required", "false"));
            }
        }

        return [.. overrides.Distinct()];
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
