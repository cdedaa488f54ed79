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

    /// <summary>
    /// A <c>check_run</c>/<c>completed</c> event for GitHub Actions' job <paramref name="checkRunId"/> on
    /// <paramref name="branch"/>, listing pull request <paramref name="pullRequest"/> as GitHub does for a pull request
    /// from that branch of the repository (<paramref name="pullRequest"/> <see langword="null"/>: none, as for a fork's).
    /// </summary>
    public static string CheckRunEvent(string owner, string repo, long checkRunId, string name, string conclusion, string branch, int? pullRequest, string? title = null, string? summary = null, long? installationId = null, string headSha = "0123456789abcdef0123456789abcdef01234567")
    {
        var api = $"https://api.github.com/repos/{owner}/{repo}";
        var pulls = RunPullRequests(owner, repo, branch, pullRequest, headSha);
        var app = new JsonObject { ["id"] = 15368, ["slug"] = "github-actions", ["node_id"] = "MDM6QXBwMTUzNjg=", ["owner"] = User("github", "Organization", 9919), ["name"] = "GitHub Actions", ["description"] = "Automate your workflow from idea to production", ["external_url"] = "https://help.github.com/en/actions", ["html_url"] = "https://github.com/apps/github-actions", ["created_at"] = "2018-07-30T09:30:17Z", ["updated_at"] = "2019-12-10T19:04:12Z" };
        var payload = new JsonObject
        {
            ["action"] = "completed",
            ["check_run"] = new JsonObject
            {
                ["id"] = checkRunId,
                ["name"] = name,
                ["node_id"] = "CR_kwDOAAAAAA",
                ["head_sha"] = headSha,
                ["external_id"] = Guid.Empty.ToString(),
                ["url"] = $"{api}/check-runs/{checkRunId}",
                ["html_url"] = $"https://github.com/{owner}/{repo}/runs/{checkRunId}",
                ["details_url"] = $"https://github.com/{owner}/{repo}/runs/{checkRunId}",
                ["status"] = "completed",
                ["conclusion"] = conclusion,
                ["started_at"] = "2024-05-01T12:00:00Z",
                ["completed_at"] = "2024-05-01T12:03:00Z",
                ["output"] = new JsonObject { ["title"] = title, ["summary"] = summary, ["text"] = null, ["annotations_count"] = 0, ["annotations_url"] = $"{api}/check-runs/{checkRunId}/annotations" },
                ["check_suite"] = new JsonObject
                {
                    ["id"] = 70_000 + checkRunId,
                    ["node_id"] = "CS_kwDOAAAAAA",
                    ["head_branch"] = branch,
                    ["head_sha"] = headSha,
                    ["status"] = "completed",
                    ["conclusion"] = conclusion,
                    ["url"] = $"{api}/check-suites/{70_000 + checkRunId}",
                    ["before"] = new string('0', 40),
                    ["after"] = headSha,
                    ["pull_requests"] = pulls.DeepClone(),
                    ["app"] = app.DeepClone(),
                    ["created_at"] = "2024-05-01T12:00:00Z",
                    ["updated_at"] = "2024-05-01T12:03:00Z",
                },
                ["app"] = app,
                ["pull_requests"] = pulls,
            },
            ["repository"] = Repository(owner, repo),
            ["sender"] = User("github-actions[bot]", "Bot", 41898282),
        };
        AddInstallation(payload, installationId);
        return payload.ToJsonString();
    }

    /// <summary>A <c>workflow_run</c>/<c>completed</c> event for run <paramref name="runId"/> on <paramref name="branch"/> of the repository (or of <paramref name="forkOwner"/>'s fork).</summary>
    public static string WorkflowRunEvent(string owner, string repo, long runId, string name, string conclusion, string branch, int? pullRequest, long? installationId = null, string? forkOwner = null, string headSha = "0123456789abcdef0123456789abcdef01234567")
    {
        var api = $"https://api.github.com/repos/{owner}/{repo}";
        var payload = new JsonObject
        {
            ["action"] = "completed",
            ["workflow_run"] = new JsonObject
            {
                ["id"] = runId,
                ["name"] = name,
                ["node_id"] = "WFR_kwLOAAAAAA",
                ["head_branch"] = branch,
                ["head_sha"] = headSha,
                ["path"] = ".github/workflows/ci.yml",
                ["display_title"] = "Work on the issue",
                ["run_number"] = 17,
                ["event"] = "pull_request",
                ["status"] = "completed",
                ["conclusion"] = conclusion,
                ["workflow_id"] = 161335,
                ["check_suite_id"] = 80_000 + runId,
                ["check_suite_node_id"] = "CS_kwDOAAAAAA",
                ["url"] = $"{api}/actions/runs/{runId}",
                ["html_url"] = $"https://github.com/{owner}/{repo}/actions/runs/{runId}",
                ["pull_requests"] = RunPullRequests(owner, repo, branch, forkOwner is null ? pullRequest : null, headSha),
                ["created_at"] = "2024-05-01T12:00:00Z",
                ["updated_at"] = "2024-05-01T12:05:00Z",
                ["actor"] = User("codemate-test-user"),
                ["run_attempt"] = 1,
                ["run_started_at"] = "2024-05-01T12:00:00Z",
                ["jobs_url"] = $"{api}/actions/runs/{runId}/jobs",
                ["logs_url"] = $"{api}/actions/runs/{runId}/logs",
                ["check_suite_url"] = $"{api}/check-suites/{80_000 + runId}",
                ["artifacts_url"] = $"{api}/actions/runs/{runId}/artifacts",
                ["cancel_url"] = $"{api}/actions/runs/{runId}/cancel",
                ["rerun_url"] = $"{api}/actions/runs/{runId}/rerun",
                ["workflow_url"] = $"{api}/actions/workflows/161335",
                ["head_commit"] = new JsonObject { ["id"] = headSha, ["tree_id"] = new string('b', 40), ["message"] = "Fix the thing", ["timestamp"] = "2024-05-01T11:59:00Z", ["author"] = new JsonObject { ["name"] = "Codemate", ["email"] = "codemate@example.com" }, ["committer"] = new JsonObject { ["name"] = "Codemate", ["email"] = "codemate@example.com" } },
                ["repository"] = Repository(owner, repo),
                ["head_repository"] = forkOwner is null ? Repository(owner, repo) : Fork(forkOwner, repo),
            },
            ["workflow"] = new JsonObject { ["id"] = 161335, ["node_id"] = "MDg6V29ya2Zsb3cxNjEzMzU=", ["name"] = name, ["path"] = ".github/workflows/ci.yml", ["state"] = "active" },
            ["repository"] = Repository(owner, repo),
            ["sender"] = User("codemate-test-user"),
        };
        AddInstallation(payload, installationId);
        return payload.ToJsonString();
    }

    /// <summary>A run's <c>pull_requests</c>: GitHub lists those whose head is the branch of this repository, with repositories as id, url and name only.</summary>
    private static JsonArray RunPullRequests(string owner, string repo, string branch, int? number, string headSha)
    {
        if (number is not { } pull)
        {
            return [];
        }

        var api = $"https://api.github.com/repos/{owner}/{repo}";
        JsonObject Branch(string name, string sha) => new() { ["ref"] = name, ["sha"] = sha, ["repo"] = new JsonObject { ["id"] = 123456, ["url"] = api, ["name"] = repo } };
        return [new JsonObject { ["url"] = $"{api}/pulls/{pull}", ["id"] = 900_000 + pull, ["number"] = pull, ["head"] = Branch(branch, headSha), ["base"] = Branch("main", new string('c', 40)) }];
    }

    private static JsonObject Fork(string owner, string repo)
    {
        var fork = Repository(owner, repo);
        fork["id"] = 654321;
        fork["fork"] = true;
        return fork;
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
