using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Codemate.Testing.Git;

/// <summary>Runs the real git for tests, isolated from the machine's configuration and never prompting.</summary>
public static class TestGit
{
    public const string AuthorName = "Test Author";
    public const string AuthorEmail = "test@example.invalid";

    /// <summary>Variables that isolate git from system and global configuration and give it a fixed identity.</summary>
    public static IReadOnlyDictionary<string, string?> IsolatedEnvironment { get; } = new Dictionary<string, string?>
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = null,
        ["SSH_ASKPASS"] = null,
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["GIT_AUTHOR_NAME"] = AuthorName,
        ["GIT_AUTHOR_EMAIL"] = AuthorEmail,
        ["GIT_COMMITTER_NAME"] = AuthorName,
        ["GIT_COMMITTER_EMAIL"] = AuthorEmail,
    };

    /// <summary>Like <see cref="IsolatedEnvironment"/> but with no identity: commits take it from the repository's configuration.</summary>
    public static IReadOnlyDictionary<string, string?> AnonymousEnvironment { get; } = new Dictionary<string, string?>(IsolatedEnvironment)
    {
        ["GIT_AUTHOR_NAME"] = null,
        ["GIT_AUTHOR_EMAIL"] = null,
        ["GIT_COMMITTER_NAME"] = null,
        ["GIT_COMMITTER_EMAIL"] = null,
        ["EMAIL"] = null,
    };

    /// <summary>Runs git and returns its trimmed standard output; throws with its standard error when it fails.</summary>
    public static async Task<string> RunAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null, bool anonymous = false)
    {
        var result = await TryRunAsync(workingDirectory, arguments, environment, input, anonymous);
        return result.ExitCode == 0
            ? result.StandardOutput.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
    }

    /// <summary>Runs git and returns how it went.</summary>
    public static async Task<BufferedCommandResult> TryRunAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null, bool anonymous = false)
    {
        var variables = new Dictionary<string, string?>(anonymous ? AnonymousEnvironment : IsolatedEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var command = Cli.Wrap("git")
            .WithArguments(a => a.Add(arguments))
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None);
        if (input is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(input, Encoding.UTF8));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await command.ExecuteBufferedAsync(timeout.Token);
    }
}
