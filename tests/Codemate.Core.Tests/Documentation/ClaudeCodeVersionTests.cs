using Codemate.Sessions;
using Codemate.Testing;

namespace Codemate.Core.Tests.Documentation;

/// <summary>The Claude Code release Codemate is tested with is the one CI installs, the image pins and the README names.</summary>
public sealed class ClaudeCodeVersionTests
{
    [Fact]
    public void CI_installs_the_tested_release() =>
        Assert.Contains($"CLAUDE_CODE_VERSION={ClaudeCodeProfile.TestedVersion}\n", File.ReadAllText(SourceTree.File("tools", "install-claude-code.sh")), StringComparison.Ordinal);

    [Fact]
    public void The_Docker_image_pins_the_tested_release()
    {
        var dockerfile = File.ReadAllText(SourceTree.File("docker", "Dockerfile.webhook"));

        Assert.Contains($"ARG CLAUDE_CODE_VERSION={ClaudeCodeProfile.TestedVersion}\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("npm install -g @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_names_the_tested_release() =>
        Assert.Contains($"Claude Code {ClaudeCodeProfile.TestedVersion}", File.ReadAllText(SourceTree.File("README.md")), StringComparison.Ordinal);
}
