using System.Collections.Concurrent;
using Codemate.Testing.Git;

namespace Codemate.Testing.GitHubDouble;

/// <summary>The double's bare repositories and the tokens its git endpoint accepts.</summary>
public sealed partial class GitHubDouble
{
    private readonly ConcurrentDictionary<string, byte> _gitTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revokedGitTokens = new(StringComparer.Ordinal);

    /// <summary>Where the bare repositories live: <c>{DataDirectory}/repos/{owner}/{name}.git</c>.</summary>
    public string RepositoriesDirectory => Path.Combine(DataDirectory, "repos");

    /// <summary>Every request git made to the double (<c>info/refs</c>, <c>git-upload-pack</c>, <c>git-receive-pack</c>).</summary>
    public IReadOnlyList<RecordedCall> GitCalls =>
        [.. Calls.Where(c => c.PathAndQuery.Contains("/info/refs", StringComparison.Ordinal) || c.PathAndQuery.Contains("/git-", StringComparison.Ordinal))];

    /// <summary>Lets git authenticate with <paramref name="token"/> as the password (any user name).</summary>
    public void AcceptGitToken(string token) => _gitTokens[token] = 0;

    /// <summary>Stops accepting <paramref name="token"/>, a registered one or an installation token.</summary>
    public void RevokeGitToken(string token)
    {
        _gitTokens.TryRemove(token, out _);
        _revokedGitTokens[token] = 0;
    }

    /// <summary>The clone URL of a repository.</summary>
    public Uri CloneUrl(string owner, string name) => new(ServerUrl, $"{owner}/{name}.git");

    /// <summary>The bare repository's directory.</summary>
    public string RepositoryPath(string owner, string name) => Path.Combine(RepositoriesDirectory, owner, name + ".git");

    /// <summary>Creates a bare repository whose default branch has one commit with <paramref name="files"/> (a README by default); returns that commit.</summary>
    public async Task<string> CreateRepositoryAsync(string owner, string name, IReadOnlyDictionary<string, string>? files = null, string defaultBranch = "main")
    {
        var path = RepositoryPath(owner, name);
        Directory.CreateDirectory(path);
        await TestGit.RunAsync(path, ["init", "--quiet", "--bare", "--initial-branch=" + defaultBranch]);
        await TestGit.RunAsync(path, ["config", "http.receivepack", "true"]);
        var index = Path.Combine(DataDirectory, $"index-{Guid.NewGuid():N}");
        var withIndex = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        try
        {
            foreach (var (file, content) in files ?? new Dictionary<string, string> { ["README.md"] = $"# {name}\n" })
            {
                var blob = await TestGit.RunAsync(path, ["hash-object", "-w", "--stdin"], input: content);
                await TestGit.RunAsync(path, ["update-index", "--add", "--cacheinfo", $"100644,{blob},{file}"], withIndex);
            }

            var tree = await TestGit.RunAsync(path, ["write-tree"], withIndex);
            var commit = await TestGit.RunAsync(path, ["commit-tree", tree, "-m", "Initial commit"]);
            await TestGit.RunAsync(path, ["update-ref", "refs/heads/" + defaultBranch, commit]);
            return commit;
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>Creates <paramref name="branch"/> with one empty commit on top of <paramref name="from"/>, as if someone had pushed it; returns the commit.</summary>
    public async Task<string> CreateBranchAsync(string owner, string name, string branch, string from = "main", string message = "Existing work")
    {
        var path = RepositoryPath(owner, name);
        var parent = await TestGit.RunAsync(path, ["rev-parse", "--verify", "refs/heads/" + from]);
        var commit = await TestGit.RunAsync(path, ["commit-tree", parent + "^{tree}", "-p", parent, "-m", message]);
        await TestGit.RunAsync(path, ["update-ref", "refs/heads/" + branch, commit]);
        return commit;
    }

    /// <summary>The commit <c>refs/heads/{branch}</c> points at, or <see langword="null"/> when the branch does not exist.</summary>
    public async Task<string?> GetBranchAsync(string owner, string name, string branch)
    {
        var result = await TestGit.TryRunAsync(RepositoryPath(owner, name), ["rev-parse", "--verify", "--quiet", "refs/heads/" + branch]);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The branches of a repository.</summary>
    public async Task<IReadOnlyList<string>> GetBranchesAsync(string owner, string name)
    {
        var output = await TestGit.RunAsync(RepositoryPath(owner, name), ["for-each-ref", "--format=%(refname:short)", "refs/heads"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The commits reachable from <paramref name="reference"/>, newest first.</summary>
    public async Task<IReadOnlyList<GitCommitRecord>> GetCommitsAsync(string owner, string name, string reference)
    {
        var output = await TestGit.RunAsync(RepositoryPath(owner, name), ["log", "--format=%H%x1f%P%x1f%T%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%s%x1e", reference]);
        return [.. output.Split('\x1e', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\x1f'))
            .Select(f => new GitCommitRecord(f[0], f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), f[2], f[3], f[4], f[5], f[6], f[7]))];
    }
}
