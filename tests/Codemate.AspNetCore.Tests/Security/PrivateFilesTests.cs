using Codemate.Sessions;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>
/// What Codemate creates for an issue (its workspace, the mirror, the spare, <c>.codemate/</c> and the state
/// database) is readable by Codemate's user alone, in a host that keeps its own umask (this test process's). Files the
/// agent itself rewrites (its status file) take the agent's umask, but sit in directories no one else can enter.
/// </summary>
public sealed class PrivateFilesTests : IAsyncLifetime
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "app");
        _host = await _world.StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task The_workspace_mirror_session_files_and_state_database_of_a_prepared_issue_are_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await new Flow(_world, _host).OpenIssueAsync(7);
        await _world.AgentLog(7).WaitForMessagesAsync(1);

        var root = _world.WorkspacesRoot;
        var session = SessionNames.For(_world.Issue(7));
        string[] required =
        [
            Path.Combine(root, "octo"),
            Path.Combine(root, "octo", "app", "issue-7"),
            Path.Combine(root, ".mirrors"),
            Path.Combine(root, ".mirrors", "octo", "app.git"),
            Path.Combine(root, ".codemate"),
            Path.Combine(root, ".codemate", "status"),
            _world.Root.Combine("state"),
            _world.Root.Combine("state", "codemate.db"),
        ];
        var optional = new[] { "-wal", "-shm" }.Select(s => _world.Root.Combine("state", "codemate.db" + s))
            .Append(Path.Combine(root, ".mirrors", "octo", "app.spare"))
            .Append(Path.Combine(root, ".codemate", "agents", session))
            .Where(Path.Exists);

        foreach (var path in required.Concat(optional))
        {
            Assert.True(Path.Exists(path), $"{path} was not created");
            var mode = File.GetUnixFileMode(path);
            Assert.True((mode & GroupOrOthers) == 0, $"{path} is {mode}");
        }
    }
}
