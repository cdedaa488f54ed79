namespace Codemate.Testing.GitHubDouble;

/// <summary>One commit in a repository the double serves.</summary>
public sealed record GitCommitRecord(
    string Sha,
    IReadOnlyList<string> Parents,
    string Tree,
    string AuthorName,
    string AuthorEmail,
    string CommitterName,
    string CommitterEmail,
    string Subject);
