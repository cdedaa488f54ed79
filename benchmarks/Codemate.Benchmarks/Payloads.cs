using System.Text;
using System.Text.Json.Nodes;
using Codemate.Testing.Webhooks;

namespace Codemate.Benchmarks;

/// <summary>
/// Realistic ~12 KB deliveries: GitHub's full issue/comment/repository/sender objects (from the shared
/// <see cref="WebhookPayloads"/>) plus a long markdown comment or issue body, as a real discussion has.
/// </summary>
internal static class Payloads
{
    public const int TargetBytes = 12 * 1024;

    public static int Write(string directory, string owner, string repo)
    {
        Directory.CreateDirectory(directory);
        var comment = Grow(body => WebhookPayloads.IssueCommentEvent("created", owner, repo, 42, body, commenter: "octocat", installationId: 4242));
        var edited = Grow(body =>
        {
            var payload = JsonNode.Parse(WebhookPayloads.IssuesEvent("edited", owner, repo, 42, title: "Widgets wobble when spun fast", body: body, installationId: 4242))!.AsObject();
            payload["changes"] = new JsonObject { ["body"] = new JsonObject { ["from"] = "It is broken." } };
            return payload.ToJsonString();
        });
        File.WriteAllText(Path.Combine(directory, "issue_comment.created.json"), comment);
        File.WriteAllText(Path.Combine(directory, "issues.edited.json"), edited);
        Console.WriteLine($"issue_comment.created: {Encoding.UTF8.GetByteCount(comment)} bytes; issues.edited: {Encoding.UTF8.GetByteCount(edited)} bytes");
        return 0;
    }

    /// <summary>Adds markdown paragraphs to the body until the whole payload is about <see cref="TargetBytes"/>.</summary>
    private static string Grow(Func<string, string> build)
    {
        var body = new StringBuilder("@codemate please take another look.\n\n");
        var paragraph = 0;
        string json;
        while (Encoding.UTF8.GetByteCount(json = build(body.ToString())) < TargetBytes)
        {
            paragraph++;
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                ### Step {paragraph}

                When the widget spins above 300 rpm the `Wobble()` handler in `src/widgets/spin.cs` reads a stale
                angle, so the correction overshoots. Repro: `dotnet run -- spin --rpm 320` and watch the log line
                `angle delta > 0.5` — it appears about every 40 ms. Expected: no correction above 0.1 rad. 🙂

                ```
                at Widgets.Spin.Wobble(Double angle) in spin.cs:line {100 + paragraph}
                ```


                """);
        }

        return json;
    }
}
