using Codemate.Sessions;
using Codemate.Workflow;
using Codemate.Workspaces;

namespace Codemate.Core.Tests.Workflow;

/// <summary>The status comment says what kind of step failed; the message, with its paths and ids, is for the operator.</summary>
public sealed class FailureReasonTests
{
    [Fact]
    public void A_git_failure_is_named_in_public_without_its_message()
    {
        var failure = new GitCommandException("git fetch", 128, "fatal: could not read /srv/codemate/.mirrors/octo/app.git/config");

        var reason = FailureReason.Public("prepare the workspace and draft pull request", failure);

        Assert.StartsWith("Codemate could not prepare the workspace and draft pull request (git failed).", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/srv/codemate", reason, StringComparison.Ordinal);
        Assert.Contains("/srv/codemate/.mirrors", FailureReason.Detail(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void The_cause_inside_a_wrapping_exception_names_the_failure()
    {
        var failure = new WorkspaceException("Could not prepare the workspace for octo/app#1: disk full at /srv", new IOException("No space left on device"));

        Assert.Equal("a file could not be read or written", FailureReason.Kind(failure));
        Assert.Equal("tmux failed", FailureReason.Kind(new CodemateException("start", new TmuxException("new-session", 1, "no server"))));
        Assert.Equal("GitHub could not be reached", FailureReason.Kind(new CodemateException("Could not reach GitHub", new HttpRequestException("refused"))));
        Assert.Equal("a workspace check failed", FailureReason.Kind(new WorkspaceException("Refusing to create a workspace: /etc")));
        Assert.Equal("an unexpected error", FailureReason.Kind(new CodemateException("something at /srv")));
    }

    [Fact]
    public void A_token_in_the_message_is_removed_from_the_details()
    {
        var token = "ghs_" + new string('a', 36);

        var detail = FailureReason.Detail(new CodemateException($"GitHub refused: Authorization {token}"));

        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Replacement, detail, StringComparison.Ordinal);
    }
}
