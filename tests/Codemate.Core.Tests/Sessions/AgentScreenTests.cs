using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Sessions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

public sealed class AgentScreenTests
{
    private static readonly SecretRedactor Redactor = new(
        Options.Create(new GitHubOptions { Token = "plain-pat-value-123" }),
        Options.Create(new CodemateOptions { WebhookSecret = "hook-secret-456" }));

    [Fact]
    public void The_screen_is_shown_as_written_without_hidden_characters_escape_sequences_or_secrets()
    {
        // The status comment shows the screen in a code block, where GitHub shows comments and references as text.
        const string capture = "$ cat page.html\n<!-- header\n&lt;p&gt;\u200B\e[31mred\e[0m\n\nplain-pat-value-123\n";

        Assert.Equal("$ cat page.html\n<!-- header\n&lt;p&gt;[31mred[0m\n\n[redacted]", AgentScreen.Tail(capture, Redactor));
    }
}
