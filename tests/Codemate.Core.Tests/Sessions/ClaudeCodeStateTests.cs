using System.Text.Json.Nodes;
using Codemate.Sessions;
using Codemate.Testing;

namespace Codemate.Core.Tests.Sessions;

/// <summary>
/// The entries that let the real Claude Code start without a keypress, pinned as <see cref="ClaudeCodeProfile.TestedVersion"/>
/// reads them (found by running it; the end-to-end tests prove them with the real binary).
/// </summary>
public sealed class ClaudeCodeStateTests : IDisposable
{
    private const string Key = "sk-ant-test-0123456789abcdefghijklmnopqrstuvwxyz";
    private readonly TempDirectory _temp = new("cm-claude-state");

    [Fact]
    public void A_fresh_config_directory_has_onboarding_done_the_key_approved_and_the_worktree_trusted()
    {
        var worktree = Directory.CreateDirectory(_temp.Combine("w")).FullName;

        ClaudeCodeState.Write(_temp.Combine("cfg"), worktree, Key);

        var state = ReadState("cfg");
        Assert.True(state["hasCompletedOnboarding"]!.GetValue<bool>());
        Assert.Equal(ClaudeCodeProfile.TestedVersion, state["lastOnboardingVersion"]!.GetValue<string>());
        Assert.Equal(["ghijklmnopqrstuvwxyz"], state["customApiKeyResponses"]!["approved"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(state["projects"]![worktree]!["hasTrustDialogAccepted"]!.GetValue<bool>());
    }

    [Fact]
    public void The_worktree_is_trusted_by_its_real_path_when_it_is_reached_through_a_symbolic_link()
    {
        var real = Directory.CreateDirectory(_temp.Combine("real", "w")).FullName;
        Directory.CreateSymbolicLink(_temp.Combine("link"), _temp.Combine("real"));

        ClaudeCodeState.Write(_temp.Combine("cfg"), _temp.Combine("link", "w"), apiKey: null);

        var projects = ReadState("cfg")["projects"]!.AsObject();
        Assert.Equal([real], projects.Select(p => p.Key));
    }

    [Fact]
    public void What_Claude_Code_wrote_earlier_is_kept_and_a_rejected_key_becomes_approved()
    {
        var worktree = Directory.CreateDirectory(_temp.Combine("w")).FullName;
        Directory.CreateDirectory(_temp.Combine("cfg"));
        File.WriteAllText(_temp.Combine("cfg", ".claude.json"), """
            {"userID":"u1","customApiKeyResponses":{"approved":[],"rejected":["ghijklmnopqrstuvwxyz"]},
             "projects":{"/elsewhere":{"hasTrustDialogAccepted":false}}}
            """);

        ClaudeCodeState.Write(_temp.Combine("cfg"), worktree, Key);
        ClaudeCodeState.Write(_temp.Combine("cfg"), worktree, Key);

        var state = ReadState("cfg");
        Assert.Equal("u1", state["userID"]!.GetValue<string>());
        Assert.Equal(["ghijklmnopqrstuvwxyz"], state["customApiKeyResponses"]!["approved"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(state["customApiKeyResponses"]!["rejected"]!.AsArray());
        Assert.False(state["projects"]!["/elsewhere"]!["hasTrustDialogAccepted"]!.GetValue<bool>());
        Assert.True(state["projects"]![worktree]!["hasTrustDialogAccepted"]!.GetValue<bool>());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_damaged_state_file_is_replaced_and_the_file_is_private()
    {
        var worktree = Directory.CreateDirectory(_temp.Combine("w")).FullName;
        Directory.CreateDirectory(_temp.Combine("cfg"));
        File.WriteAllText(_temp.Combine("cfg", ".claude.json"), "{ not json");

        ClaudeCodeState.Write(_temp.Combine("cfg"), worktree, Key);

        Assert.True(ReadState("cfg")["hasCompletedOnboarding"]!.GetValue<bool>());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_temp.Combine("cfg", ".claude.json")));
    }

    [Fact]
    public void Sessions_written_at_the_same_time_each_keep_their_own_entries()
    {
        var worktrees = Enumerable.Range(1, 16).Select(i => Directory.CreateDirectory(_temp.Combine($"w{i}")).FullName).ToArray();

        Parallel.For(0, worktrees.Length, i => ClaudeCodeState.Write(_temp.Combine($"cfg{i}"), worktrees[i], Key));

        for (var i = 0; i < worktrees.Length; i++)
        {
            Assert.Equal([worktrees[i]], ReadState($"cfg{i}")["projects"]!.AsObject().Select(p => p.Key));
        }
    }

    [Fact]
    public async Task A_state_file_the_agent_replaced_by_a_link_to_dev_zero_is_replaced_not_read()
    {
        var worktree = Directory.CreateDirectory(_temp.Combine("w")).FullName;
        Directory.CreateDirectory(_temp.Combine("cfg"));
        File.CreateSymbolicLink(_temp.Combine("cfg", ClaudeCodeState.FileName), "/dev/zero");

        await Task.Run(() => ClaudeCodeState.Write(_temp.Combine("cfg"), worktree, Key)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(new FileInfo(_temp.Combine("cfg", ClaudeCodeState.FileName)).LinkTarget);
        Assert.True(ReadState("cfg")["hasCompletedOnboarding"]!.GetValue<bool>());
    }

    public void Dispose() => _temp.Dispose();

    private JsonObject ReadState(string directory) =>
        JsonNode.Parse(File.ReadAllText(_temp.Combine(directory, ".claude.json")))!.AsObject();
}
