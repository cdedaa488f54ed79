using System.Net;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// <c>codemate serve</c> runs with umask 077, so even the files git and SQLite write for an issue (the checked-out
/// files, the repository's config, the database's WAL) are readable by Codemate's user alone.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class PrivateFilesTests : IAsyncLifetime
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private ServedWorld _served = null!;

    public async Task InitializeAsync() => _served = await ServedWorld.StartAsync();

    public async Task DisposeAsync()
    {
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }
    }

    [Fact]
    public async Task Files_git_and_sqlite_write_for_an_issue_under_the_real_server_are_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _served.OpenIssueAsync(1)).Status);
        await _served.AgentLog(1).WaitForMessagesAsync(1);

        var root = _served.World.WorkspacesRoot;
        var workspace = Path.Combine(root, "octo", "app", "issue-1");
        string[] paths =
        [
            workspace,
            Path.Combine(workspace, "README.md"),
            Path.Combine(workspace, ".git", "config"),
            Path.Combine(root, ".mirrors", "octo", "app.git", "config"),
            Path.Combine(root, ".codemate"),
        ];
        var state = Directory.GetFiles(_served.World.Root.Combine("state"), "codemate.db*");
        Assert.NotEmpty(state);

        foreach (var path in paths.Concat(state))
        {
            Assert.True(Path.Exists(path), $"{path} was not created");
            var mode = File.GetUnixFileMode(path);
            Assert.True((mode & GroupOrOthers) == 0, $"{path} is {mode}");
        }
    }
}
