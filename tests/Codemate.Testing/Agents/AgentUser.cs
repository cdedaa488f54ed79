using CliWrap;
using CliWrap.Buffered;

namespace Codemate.Testing.Agents;

/// <summary>
/// The real Claude Code refuses <c>--dangerously-skip-permissions</c> as root, as Codemate refuses to start it so. Tests
/// that run it start <c>codemate serve</c> as this unprivileged user when they themselves run as root (CI does;
/// <c>.ci/run</c> creates the user). Run as anyone else, the tests need no other user.
/// </summary>
public static class AgentUser
{
    public const string Name = "codemate-test";

    /// <summary>The user to run <c>codemate serve</c> as, or <see langword="null"/> to run it as the tests' own user.</summary>
    public static string? ServeAs => Environment.IsPrivilegedProcess ? Name : null;

    /// <summary>Makes <paramref name="directory"/> (created if missing) and everything in it belong to <see cref="ServeAs"/>.</summary>
    public static async Task GiveAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        if (ServeAs is not { } user)
        {
            return;
        }

        var result = await Cli.Wrap("chown").WithArguments(["-R", $"{user}:{user}", directory]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Could not give {directory} to the user '{user}' ({result.StandardError.Trim()}). As root, the tests that run the real Claude Code need that unprivileged user: useradd --create-home {user} (.ci/run does).");
        }
    }

    /// <summary>
    /// <paramref name="path"/> if <see cref="ServeAs"/> can read (and traverse to) it, otherwise a copy it can: a
    /// checkout below a private home folder is out of its reach.
    /// </summary>
    public static async Task<string> ReachableAsync(string path)
    {
        if (ServeAs is not { } user)
        {
            return path;
        }

        var check = await Cli.Wrap("setpriv").WithArguments(["--reuid", user, "--regid", user, "--init-groups", "--", "test", "-r", path])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (check.ExitCode == 0)
        {
            return path;
        }

        var copy = Path.Combine(Path.GetTempPath(), $"codemate-reachable-{Environment.ProcessId}", Path.GetFileName(Path.TrimEndingDirectorySeparator(path)));
        if (!Path.Exists(copy))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            await Cli.Wrap("cp").WithArguments(["-a", "-L", path, copy]).ExecuteBufferedAsync();
            await Cli.Wrap("chmod").WithArguments(["-R", "a+rX", Path.GetDirectoryName(copy)!]).ExecuteBufferedAsync();
        }

        return copy;
    }
}
