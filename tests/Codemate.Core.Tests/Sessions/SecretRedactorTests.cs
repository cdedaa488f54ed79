using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Sessions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Codemate_own_secrets_and_token_shaped_text_are_redacted_and_ordinary_text_is_kept()
    {
        var redactor = new SecretRedactor(
            Options.Create(new GitHubOptions { Token = "plain-pat-value-123" }),
            Options.Create(new CodemateOptions { WebhookSecret = "hook-secret-456", StatusToken = "short" }));

        var text = redactor.Redact(
            "token plain-pat-value-123 secret hook-secret-456 short\n"
            + "ghp_abcdefghijklmnopqrstuvwxyz0123 github_pat_11ABCDEFG0123456789_abcdefghij sk-ant-api03-abc_DEF-123456\n"
            + "sk-ant-...ghijk is how Claude Code shows a key");

        Assert.Equal(
            "token [redacted] secret [redacted] short\n[redacted] [redacted] [redacted]\nsk-ant-...ghijk is how Claude Code shows a key",
            text);
    }

    [Fact]
    public void The_database_password_is_redacted_alone_and_inside_its_URL()
    {
        var redactor = new SecretRedactor(
            Options.Create(new GitHubOptions()),
            Options.Create(new CodemateOptions { DatabaseUrl = "postgresql://cm:db-password-789@db.internal/codemate" }));

        var text = redactor.Redact("echo db-password-789; psql postgresql://cm:db-password-789@db.internal/codemate");

        Assert.DoesNotContain("db-password-789", text, StringComparison.Ordinal);
        Assert.Contains("echo [redacted]", text, StringComparison.Ordinal);
    }
}
