using System.Text;
using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>The original's session naming, <c>claude-{owner}-{repo}-{N}</c>, sanitised the way tmux would.</summary>
public static class SessionNames
{
    /// <summary>The tmux session name for <paramref name="issue"/>.</summary>
    public static string For(IssueKey issue) =>
        Sanitize(FormattableString.Invariant($"claude-{issue.Repository.Owner}-{issue.Repository.Name}-{issue.Number}"));

    /// <summary>Replaces what tmux refuses in a session name (<c>.</c> and <c>:</c>) with <c>_</c>, as tmux itself does.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is '.' or ':' || char.IsControl(c) ? '_' : c);
        }

        return builder.ToString();
    }
}
