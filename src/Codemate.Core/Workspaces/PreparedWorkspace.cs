namespace Codemate.Workspaces;

/// <summary>An issue's workspace, checked out on its branch.</summary>
/// <param name="Path">The workspace's full path.</param>
/// <param name="Branch">The checked-out branch, <c>issue-N</c>.</param>
/// <param name="DefaultBranch">The repository's default branch, which a new branch starts from and the pull request targets.</param>
/// <param name="BranchExisted">Whether the branch already existed (on GitHub or in the workspace) and was reused.</param>
internal sealed record PreparedWorkspace(string Path, string Branch, string DefaultBranch, bool BranchExisted);
