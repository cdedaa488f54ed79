using System.Text.Json;
using System.Text.Json.Nodes;

namespace Codemate.Testing.Webhooks;

/// <summary>Payloads shaped like GitHub's, built from a few facts.</summary>
public static class WebhookPayloads
{
    public static JsonObject User(string login, string type = "User", long id = 1001) => new()
    {
        ["login"] = login,
        ["id"] = id,
        ["node_id"] = "MDQ6VXNlcjE=",
        ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{id}?v=4",
        ["gravatar_id"] = "",
        ["url"] = $"https://api.github.com/users/{login}",
        ["html_url"] = $"https://github.com/{login}",
        ["followers_url"] = $"https://api.github.com/users/{login}/followers",
        ["following_url"] = $"https://api.github.com/users/{login}/following{{/other_user}}",
        ["gists_url"] = $"https://api.github.com/users/{login}/gists{{/gist_id}}",
        ["starred_url"] = $"https://api.github.com/users/{login}/starred{{/owner}}{{/repo}}",
        ["subscriptions_url"] = $"https://api.github.com/users/{login}/subscriptions",
        ["organizations_url"] = $"https://api.github.com/users/{login}/orgs",
        ["repos_url"] = $"https://api.github.com/users/{login}/repos",
        ["events_url"] = $"https://api.github.com/users/{login}/events{{/privacy}}",
        ["received_events_url"] = $"https://api.github.com/users/{login}/received_events",
        ["type"] = type,
        ["user_view_type"] = "public",
        ["site_admin"] = false,
    };

    public static JsonObject Repository(string owner, string name) => new()
    {
        ["id"] = 123456,
        ["node_id"] = "R_kgDOAAAAAA",
        ["name"] = name,
        ["full_name"] = $"{owner}/{name}",
        ["private"] = false,
        ["owner"] = User(owner, "Organization", 9001),
        ["html_url"] = $"https://github.com/{owner}/{name}",
        ["description"] = "A repository",
        ["fork"] = false,
        ["url"] = $"https://api.github.com/repos/{owner}/{name}",
        ["created_at"] = "2024-01-01T00:00:00Z",
        ["updated_at"] = "2024-01-02T00:00:00Z",
        ["pushed_at"] = "2024-01-03T00:00:00Z",
        ["git_url"] = $"git://github.com/{owner}/{name}.git",
        ["ssh_url"] = $"git@github.com:{owner}/{name}.git",
        ["clone_url"] = $"https://github.com/{owner}/{name}.git",
        ["size"] = 100,
        ["stargazers_count"] = 1,
        ["watchers_count"] = 1,
        ["language"] = "C#",
        ["has_issues"] = true,
        ["has_projects"] = true,
        ["has_downloads"] = true,
        ["has_wiki"] = true,
        ["has_pages"] = false,
        ["forks_count"] = 0,
        ["archived"] = false,
        ["disabled"] = false,
        ["open_issues_count"] = 1,
        ["default_branch"] = "main",
        ["visibility"] = "public",
    };

    public static JsonObject Issue(int number, string title, string? body, string author, bool onPullRequest = false, IEnumerable<string>? labels = null)
    {
        var issue = new JsonObject
        {
            ["url"] = $"https://api.github.com/repos/o/r/issues/{number}",
            ["repository_url"] = "https://api.github.com/repos/o/r",
            ["labels_url"] = $"https://api.github.com/repos/o/r/issues/{number}/labels{{/name}}",
            ["comments_url"] = $"https://api.github.com/repos/o/r/issues/{number}/comments",
            ["events_url"] = $"https://api.github.com/repos/o/r/issues/{number}/events",
            ["html_url"] = $"https://github.com/o/r/issues/{number}",
            ["id"] = 5000 + number,
            ["node_id"] = "I_kwDOAAAAAA",
            ["number"] = number,
            ["title"] = title,
            ["user"] = User(author),
            ["labels"] = new JsonArray([.. (labels ?? []).Select((l, i) => (JsonNode)new JsonObject { ["id"] = 700 + i, ["node_id"] = "LA_1", ["url"] = $"https://api.github.com/repos/o/r/labels/{l}", ["name"] = l, ["color"] = "ededed", ["default"] = false, ["description"] = null })]),
            ["state"] = "open",
            ["locked"] = false,
            ["assignee"] = null,
            ["assignees"] = new JsonArray(),
            ["milestone"] = null,
            ["comments"] = 0,
            ["created_at"] = "2024-05-01T10:00:00Z",
            ["updated_at"] = "2024-05-01T10:00:00Z",
            ["closed_at"] = null,
            ["author_association"] = "OWNER",
            ["active_lock_reason"] = null,
            ["body"] = body,
            ["reactions"] = new JsonObject { ["url"] = "https://api.github.com/reactions", ["total_count"] = 0, ["+1"] = 0, ["-1"] = 0, ["laugh"] = 0, ["hooray"] = 0, ["confused"] = 0, ["heart"] = 0, ["rocket"] = 0, ["eyes"] = 0 },
            ["timeline_url"] = $"https://api.github.com/repos/o/r/issues/{number}/timeline",
            ["state_reason"] = null,
        };
        if (onPullRequest)
        {
            issue["pull_request"] = new JsonObject
            {
                ["url"] = $"https://api.github.com/repos/o/r/pulls/{number}",
                ["html_url"] = $"https://github.com/o/r/pull/{number}",
                ["diff_url"] = $"https://github.com/o/r/pull/{number}.diff",
                ["patch_url"] = $"https://github.com/o/r/pull/{number}.patch",
            };
        }

        return issue;
    }

    /// <summary>An <c>issues</c> event.</summary>
    public static string IssuesEvent(string action, string owner, string repo, int number, string title = "Fix the thing", string? body = "It is broken.", string author = "alice", string? sender = null, long? installationId = null, IEnumerable<string>? labels = null, string? label = null)
    {
        var payload = new JsonObject
        {
            ["action"] = action,
            ["issue"] = Issue(number, title, body, author, labels: labels),
            ["repository"] = Repository(owner, repo),
            ["sender"] = User(sender ?? author),
        };
        if (label is not null)
        {
            payload["label"] = new JsonObject { ["id"] = 1, ["node_id"] = "LA_1", ["url"] = $"https://api.github.com/repos/{owner}/{repo}/labels/{label}", ["name"] = label, ["color"] = "ededed", ["default"] = false, ["description"] = null };
        }

        AddInstallation(payload, installationId);
        return payload.ToJsonString();
    }

    /// <summary>An <c>issue_comment</c> event.</summary>
    public static string IssueCommentEvent(string action, string owner, string repo, int number, string? commentBody, string commenter = "bob", string commenterType = "User", bool onPullRequest = false, long commentId = 777, long? installationId = null, string issueAuthor = "alice", string issueTitle = "Fix the thing", string? issueBody = "It is broken.", IEnumerable<string>? issueLabels = null)
    {
        var payload = new JsonObject
        {
            ["action"] = action,
            ["issue"] = Issue(number, issueTitle, issueBody, issueAuthor, onPullRequest, issueLabels),
            ["comment"] = new JsonObject
            {
                ["url"] = $"https://api.github.com/repos/{owner}/{repo}/issues/comments/{commentId}",
                ["html_url"] = $"https://github.com/{owner}/{repo}/issues/{number}#issuecomment-{commentId}",
                ["issue_url"] = $"https://api.github.com/repos/{owner}/{repo}/issues/{number}",
                ["id"] = commentId,
                ["node_id"] = "IC_kwDOAAAAAA",
                ["user"] = User(commenter, commenterType),
                ["created_at"] = "2024-05-01T11:00:00Z",
                ["updated_at"] = "2024-05-01T11:00:00Z",
                ["author_association"] = "COLLABORATOR",
                ["body"] = commentBody,
                ["reactions"] = new JsonObject { ["url"] = "https://api.github.com/reactions", ["total_count"] = 0, ["+1"] = 0, ["-1"] = 0, ["laugh"] = 0, ["hooray"] = 0, ["confused"] = 0, ["heart"] = 0, ["rocket"] = 0, ["eyes"] = 0 },
                ["performed_via_github_app"] = null,
            },
            ["repository"] = Repository(owner, repo),
            ["sender"] = User(commenter, commenterType),
        };
        AddInstallation(payload, installationId);
        return payload.ToJsonString();
    }

    /// <summary>
    /// A <c>pull_request</c> event for the pull request from <paramref name="head"/> (Codemate's are <c>issue-N</c>),
    /// a branch of the repository itself unless <paramref name="forkOwner"/> names the owner of a fork it comes from;
    /// <paramref name="forkDeleted"/> sends <c>head.repo: null</c>, as GitHub does once the fork is gone.
    /// </summary>
    public static string PullRequestEvent(string action, string owner, string repo, int number, string head, bool merged = false, string sender = "alice", long? installationId = null, string? forkOwner = null, bool forkDeleted = false)
    {
        var closed = action == "closed";
        var pullRequest = PullRequest(owner, repo, number, head, closed, merged);
        if (forkDeleted)
        {
            pullRequest["head"]!["repo"] = null;
        }
        else if (forkOwner is not null)
        {
            pullRequest["head"] = Ref(forkOwner, repo, head);
        }

        var payload = new JsonObject
        {
            ["action"] = action,
            ["number"] = number,
            ["pull_request"] = pullRequest,
            ["repository"] = Repository(owner, repo),
            ["sender"] = User(sender),
        };
        AddInstallation(payload, installationId);
        return payload.ToJsonString();
    }

    /// <summary>
    /// A <c>pull_request_review_comment</c> event on <paramref name="path"/> at <paramref name="line"/> (with
    /// <paramref name="startLine"/> for a comment on several lines), on the pull request from <paramref name="head"/>;
    /// <paramref name="inReplyTo"/> makes it a reply in that comment's thread. <c>position</c> is set as GitHub still
    /// sends it, to a value unlike the line, so a reader that takes it instead of <c>line</c> is caught.
    /// </summary>
    public static string ReviewCommentEvent(string owner, string repo, int number, string head, string? body, string path, int? line, string commenter = "bob", string commenterType = "User", long commentId = 4_001, int? startLine = null, string side = "RIGHT", long? inReplyTo = null, string? diffHunk = null, long? installationId = null, string? forkOwner = null)
    {
        var api = $"https://api.github.com/repos/{owner}/{repo}";
        var comment = new JsonObject
        {
            ["url"] = $"{api}/pulls/comments/{commentId}",
            ["pull_request_review_id"] = 8_000 + commentId,
            ["id"] = commentId,
            ["node_id"] = "PRRC_kwDOAAAAAA",
            ["diff_hunk"] = diffHunk ?? $"@@ -1,3 +1,4 @@\n using System;\n+// added\n namespace App;",
            ["path"] = path,
            ["position"] = 97,
            ["original_position"] = 97,
            ["commit_id"] = new string('a', 40),
            ["original_commit_id"] = new string('a', 40),
            ["user"] = User(commenter, commenterType),
            ["body"] = body,
            ["created_at"] = "2024-05-01T11:00:00Z",
            ["updated_at"] = "2024-05-01T11:00:00Z",
            ["html_url"] = $"https://github.com/{owner}/{repo}/pull/{number}#discussion_r{commentId}",
            ["pull_request_url"] = $"{api}/pulls/{number}",
            ["author_association"] = "COLLABORATOR",
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonObject { ["href"] = $"{api}/pulls/comments/{commentId}" },
                ["html"] = new JsonObject { ["href"] = $"https://github.com/{owner}/{repo}/pull/{number}#discussion_r{commentId}" },
                ["pull_request"] = new JsonObject { ["href"] = $"{api}/pulls/{number}" },
            },
            ["reactions"] = new JsonObject { ["url"] = $"{api}/pulls/comments/{commentId}/reactions", ["total_count"] = 0, ["+1"] = 0, ["-1"] = 0, ["laugh"] = 0, ["hooray"] = 0, ["confused"] = 0, ["heart"] = 0, ["rocket"] = 0, ["eyes"] = 0 },
            ["start_line"] = startLine,
            ["original_start_line"] = startLine,
            ["start_side"] = startLine is null ? null : side,
            ["line"] = line,
            ["original_line"] = line,
            ["side"] = side,
            ["subject_type"] = line is null ? "file" : "line",
        };
        if (inReplyTo is { } answered)
        {
            comment["in_reply_to_id"] = answered;
        }

        return PullRequestFeedbackEvent("created", "comment", comment, owner, repo, number, head, commenter, commenterType, installationId, forkOwner);
    }

    /// <summary>A <c>pull_request_review</c>/<c>submitted</c> event; <paramref name="state"/> as the webhook sends it (<c>approved</c>, <c>changes_requested</c>, <c>commented</c>).</summary>
    public static string ReviewEvent(string owner, string repo, int number, string head, string state, string? body, string reviewer = "bob", string reviewerType = "User", long reviewId = 5_001, long? installationId = null)
    {
        var api = $"https://api.github.com/repos/{owner}/{repo}";
        var review = new JsonObject
        {
            ["id"] = reviewId,
            ["node_id"] = "PRR_kwDOAAAAAA",
            ["user"] = User(reviewer, reviewerType),
            ["body"] = body,
            ["commit_id"] = new string('a', 40),
            ["submitted_at"] = "2024-05-01T11:30:00Z",
            ["state"] = state,
            ["html_url"] = $"https://github.com/{owner}/{repo}/pull/{number}#pullrequestreview-{reviewId}",
            ["pull_request_url"] = $"{api}/pulls/{number}",
            ["author_association"] = "COLLABORATOR",
            ["_links"] = new JsonObject
            {
                ["html"] = new JsonObject { ["href"] = $"https://github.com/{owner}/{repo}/pull/{number}#pullrequestreview-{reviewId}" },
                ["pull_request"] = new JsonObject { ["href"] = $"{api}/pulls/{number}" },
            },
        };
        return PullRequestFeedbackEvent("submitted", "review", review, owner, repo, number, head, reviewer, reviewerType, installationId, forkOwner: null);
    }

    private static string PullRequestFeedbackEvent(string action, string key, JsonObject item, string owner, string repo, int number, string head, string sender, string senderType, long? installationId, string? forkOwner)
    {
        var pullRequest = PullRequest(owner, repo, number, head, closed: false, merged: false);
        if (forkOwner is not null)
        {
            pullRequest["head"] = Ref(forkOwner, repo, head);
        }

        var payload = new JsonObject
        {
            ["action"] = action,
            [key] = item,
            ["pull_request"] = pullRequest,
            ["repository"] = Repository(owner, repo),
            ["sender"] = User(sender, senderType),
        };
        AddInstallation(payload, installationId);
        return payload.ToJsonString();
    }

    public static JsonObject PullRequest(string owner, string repo, int number, string head, bool closed, bool merged)
    {
        var api = $"https://api.github.com/repos/{owner}/{repo}";
        return new JsonObject
        {
            ["url"] = $"{api}/pulls/{number}",
            ["id"] = 900_000 + number,
            ["node_id"] = "PR_kwDOAAAAAA",
            ["html_url"] = $"https://github.com/{owner}/{repo}/pull/{number}",
            ["diff_url"] = $"https://github.com/{owner}/{repo}/pull/{number}.diff",
            ["patch_url"] = $"https://github.com/{owner}/{repo}/pull/{number}.patch",
            ["issue_url"] = $"{api}/issues/{number}",
            ["commits_url"] = $"{api}/pulls/{number}/commits",
            ["review_comments_url"] = $"{api}/pulls/{number}/comments",
            ["review_comment_url"] = $"{api}/pulls/comments{{/number}}",
            ["comments_url"] = $"{api}/issues/{number}/comments",
            ["statuses_url"] = $"{api}/statuses/{new string('0', 40)}",
            ["number"] = number,
            ["state"] = closed ? "closed" : "open",
            ["locked"] = false,
            ["title"] = "Work on the issue",
            ["user"] = User("codemate-test-user"),
            ["body"] = "Closes the issue",
            ["created_at"] = "2024-05-01T10:00:00Z",
            ["updated_at"] = "2024-05-01T12:00:00Z",
            ["closed_at"] = closed ? "2024-05-01T12:00:00Z" : null,
            ["merged_at"] = merged ? "2024-05-01T12:00:00Z" : null,
            ["merge_commit_sha"] = merged ? new string('1', 40) : null,
            ["assignee"] = null,
            ["assignees"] = new JsonArray(),
            ["requested_reviewers"] = new JsonArray(),
            ["requested_teams"] = new JsonArray(),
            ["labels"] = new JsonArray(),
            ["milestone"] = null,
            ["draft"] = true,
            ["head"] = Ref(owner, repo, head),
            ["base"] = Ref(owner, repo, "main"),
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonObject { ["href"] = $"{api}/pulls/{number}" },
                ["html"] = new JsonObject { ["href"] = $"https://github.com/{owner}/{repo}/pull/{number}" },
                ["issue"] = new JsonObject { ["href"] = $"{api}/issues/{number}" },
                ["comments"] = new JsonObject { ["href"] = $"{api}/issues/{number}/comments" },
                ["review_comments"] = new JsonObject { ["href"] = $"{api}/pulls/{number}/comments" },
                ["review_comment"] = new JsonObject { ["href"] = $"{api}/pulls/comments{{/number}}" },
                ["commits"] = new JsonObject { ["href"] = $"{api}/pulls/{number}/commits" },
                ["statuses"] = new JsonObject { ["href"] = $"{api}/statuses/{new string('0', 40)}" },
            },
            ["author_association"] = "NONE",
            ["auto_merge"] = null,
            ["active_lock_reason"] = null,
            ["merged"] = merged,
            ["mergeable"] = null,
            ["rebaseable"] = null,
            ["mergeable_state"] = "unknown",
            ["merged_by"] = merged ? User("alice") : null,
            ["comments"] = 0,
            ["review_comments"] = 0,
            ["maintainer_can_modify"] = false,
            ["commits"] = 1,
            ["additions"] = 1,
            ["deletions"] = 0,
            ["changed_files"] = 1,
        };
    }

    private static JsonObject Ref(string owner, string repo, string name) => new()
    {
        ["label"] = $"{owner}:{name}",
        ["ref"] = name,
        ["sha"] = new string('0', 40),
        ["user"] = User(owner, "Organization", 9001),
        ["repo"] = Repository(owner, repo),
    };

    /// <summary>GitHub's <c>ping</c>.</summary>
    public static string Ping(string owner = "o", string repo = "r") => new JsonObject
    {
        ["zen"] = "Keep it logically awesome.",
        ["hook_id"] = 42,
        ["hook"] = new JsonObject { ["type"] = "Repository", ["id"] = 42, ["active"] = true, ["events"] = new JsonArray("issues", "issue_comment") },
        ["repository"] = Repository(owner, repo),
        ["sender"] = User("alice"),
    }.ToJsonString();

    private static void AddInstallation(JsonObject payload, long? installationId)
    {
        if (installationId is { } id)
        {
            payload["installation"] = new JsonObject { ["id"] = id, ["node_id"] = "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
        }
    }

    public static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
