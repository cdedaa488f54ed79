using Codemate.Workspaces;

namespace Codemate.Core.Tests.Workspaces;

public sealed class GitHardeningTests
{
    [Fact]
    public void Every_driver_a_repository_names_is_blanked_and_nothing_else_is_touched()
    {
        var overrides = GitHardening.DriverOverrides("filter.Evil.smudge\nfilter.Evil.process\ndiff.pic.textconv\nmerge.ours.name\nfilter.a.b.clean\ncore.editor\n");

        Assert.Equal(
            [
                new("filter.Evil.clean", ""), new("filter.Evil.smudge", ""), new("filter.Evil.process", ""), new("filter.Evil.required", "false"),
                new("diff.pic.textconv", ""), new("diff.pic.command", ""),
                new("merge.ours.driver", ""),
                new("filter.a.b.clean", ""), new("filter.a.b.smudge", ""), new("filter.a.b.process", ""), new("filter.a.b.required", "false"),
            ],
            overrides);
    }

    [Fact]
    public void Upload_pack_gets_hooks_off_on_its_own_command_line_with_the_git_path_quoted()
    {
        Assert.Equal(
            "'/opt/my git/it'\\''s/git' -c core.hooksPath='/dev/null' -c core.fsmonitor=false -c protocol.allow=never upload-pack",
            GitHardening.UploadPack("/opt/my git/it's/git"));
    }
}
