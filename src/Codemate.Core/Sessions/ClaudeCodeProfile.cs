using System.Text.Json.Nodes;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Native;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// The default profile: Claude Code, unattended, with Codemate's system prompt appended, a settings file (outside
/// the worktree) whose hooks report <c>busy</c>/<c>idle</c> to <c>$CODEMATE_STATUS_FILE</c>, and a configuration
/// directory of the session's own (<c>CLAUDE_CONFIG_DIR</c>, never the operator's <c>~/.claude</c>) prepared so
/// that the first start needs no keypress (<see cref="ClaudeCodeState"/>).
/// </summary>
internal sealed class ClaudeCodeProfile(IOptions<AgentOptions> agentOptions, IOptions<CodemateOptions> codemateOptions, ClaudeModelSettings model) : IAgentProfile
{
    public const string Executable = "claude";

    /// <summary>
    /// The Claude Code release Codemate is tested with: CI installs exactly this one (tools/install-claude-code.sh) and the
    /// Docker image pins it. The files Codemate writes for Claude Code follow this release's formats.
    /// </summary>
    public const string TestedVersion = "2.1.332";
    public const string SettingsFileName = "settings.json";

    /// <summary>The session's Claude Code configuration directory, below its agent directory.</summary>
    public const string ConfigDirectoryName = "claude";

    /// <summary>Where Claude Code keeps its state, settings and transcripts instead of <c>~/.claude</c>.</summary>
    public const string ConfigDirectoryVariable = "CLAUDE_CONFIG_DIR";

    /// <summary>The API key Claude Code uses; approved for the session in advance.</summary>
    public const string ApiKeyVariable = "ANTHROPIC_API_KEY";

    /// <summary>
    /// Set in the agent's environment and in its settings: Claude Code never updates itself (an update rewrote a
    /// global install under a running session) and sends no telemetry, error reports or other non-essential traffic.
    /// </summary>
    public static IReadOnlyDictionary<string, string> QuietEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DISABLE_AUTOUPDATER"] = "1",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
    };

    // tmux hands the whole command to its server in one message of at most 16 KiB.
    private const int MaxSystemPromptLength = 12 * 1024;

    /// <summary>Its <c>UserPromptSubmit</c> hook writes <c>busy</c> as soon as it takes a prompt.</summary>
    public bool ConfirmsSubmit => true;

    public async Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken)
    {
        var modelEnvironment = model.Environment();
        PrivateFiles.CreateDirectory(context.AgentDirectory);
        var settings = Path.Combine(context.AgentDirectory, SettingsFileName);
        PrivateFile.Write(settings, SettingsJson(model.ApiKeyHelper));
        var configDirectory = Path.Combine(context.AgentDirectory, ConfigDirectoryName);
        ClaudeCodeState.Write(configDirectory, context.Session.Workspace, model.ApiKey);

        var prompt = await SystemPromptAsync(context, cancellationToken).ConfigureAwait(false);
        var environment = new Dictionary<string, string>(SessionEnvironment.For(context), StringComparer.Ordinal)
        {
            [ConfigDirectoryVariable] = configDirectory,
        };
        foreach (var (name, value) in QuietEnvironment.Concat(modelEnvironment))
        {
            environment[name] = value;
        }

        return new SessionLaunch(
            context.SessionName,
            context.Session.Workspace,
            [Executable, "--dangerously-skip-permissions", "--settings", settings, "--append-system-prompt", prompt],
            environment);
    }

    /// <summary>Claude Code hooks that write the agent's status word to <c>$CODEMATE_STATUS_FILE</c>.</summary>
    public static string SettingsJson(string? apiKeyHelper = null)
    {
        static JsonArray Hook(string word, string? matcher = null)
        {
            var entry = new JsonObject();
            if (matcher is not null)
            {
                entry["matcher"] = matcher;
            }

            entry["hooks"] = new JsonArray(new JsonObject
            {
                ["type"] = "command",
                ["command"] = $"printf {word} > \"${SessionEnvironment.StatusFile}\"",
            });
            return new JsonArray(entry);
        }

        var quiet = new JsonObject();
        foreach (var (name, value) in QuietEnvironment)
        {
            quiet[name] = value;
        }

        var root = new JsonObject
        {
            ["env"] = quiet,
            // Unattended: the one-time "Bypass Permissions mode" confirmation would otherwise wait for a keypress
            // (and the SessionStart hook would already have reported idle, so the prompt would answer the dialog).
            ["skipDangerousModePermissionPrompt"] = true,
            ["hooks"] = new JsonObject
            {
                // Only a fresh or resumed start means "waiting for a prompt"; a compaction happens mid-turn.
                ["SessionStart"] = Hook(StatusFile.Idle, "startup|resume"),
                ["UserPromptSubmit"] = Hook(StatusFile.Busy),
                ["Stop"] = Hook(StatusFile.Idle),

                // Instead of Stop when an API error (authentication, a wrong URL, rate limits) ended the turn.
                ["StopFailure"] = Hook(StatusFile.Error),
            },
        };
        if (apiKeyHelper is not null)
        {
            root["apiKeyHelper"] = apiKeyHelper;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Where the system prompt is looked for when <c>SYSTEM_PROMPT_FILE</c> is not set, first match wins.</summary>
    public IReadOnlyList<string> SystemPromptCandidates() =>
    [
        Path.Combine(Path.GetFullPath(codemateOptions.Value.WorkspacesRoot), ".codemate", "system-prompt.md"),
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "codemate", "system-prompt.md"),
    ];

    private async Task<string> SystemPromptAsync(AgentLaunchContext context, CancellationToken cancellationToken)
    {
        var configured = agentOptions.Value.SystemPromptFile;
        string? file;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            file = HomePath.Expand(configured);
            if (!File.Exists(file))
            {
                throw new CodemateException($"{EnvironmentVariables.SystemPromptFile} names '{file}', which does not exist.");
            }
        }
        else
        {
            file = SystemPromptCandidates().FirstOrDefault(File.Exists);
        }

        var prompt = file is null
            ? BuiltInSystemPrompt(context.Session)
            : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        var maxLength = MaxSystemPromptLength - UntrustedTextNote.Length;
        if (prompt.Length > maxLength)
        {
            throw new CodemateException(
                $"The system prompt in '{file}' has {prompt.Length} characters; at most {maxLength} fit, as tmux passes {MaxSystemPromptLength} and Codemate appends {UntrustedTextNote.Length}. Shorten {EnvironmentVariables.SystemPromptFile}.");
        }

        // Appended to every system prompt, an operator's own file included: the prompts quote GitHub text in
        // untrusted-text blocks, and the agent must know what they mean whoever wrote the rest.
        return prompt.TrimEnd() + UntrustedTextNote;
    }

    private static string UntrustedTextNote => "\n\n" + UntrustedTextFence.Explanation;

    public static string BuiltInSystemPrompt(SessionContext session) =>
        $"""
        You are an autonomous software engineer working unattended on GitHub issue {session.Issue}.
        The repository is checked out in the current directory on branch `{session.Branch}`; stay on that branch.
        {(session.PullRequestUrl is null ? "A draft pull request for the branch will be opened for you." : $"The draft pull request is {session.PullRequestUrl}.")}

        - Implement what the issue asks, in small steps, with tests where the project has them.
        - Commit your work with clear messages as you go, and push the branch so the draft pull request stays up to date.
        - Update the pull request description when the scope of the change becomes clear.
        - Follow-up comments from the issue arrive as new prompts; treat each as feedback from the person it names.
        - Nobody watches this terminal: never wait for interactive confirmation, and explain blockers in the pull request instead.
        """;
}
