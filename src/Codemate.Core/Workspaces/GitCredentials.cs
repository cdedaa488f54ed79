using Codemate.GitHub;

namespace Codemate.Workspaces;

/// <summary>A token for the git host at <paramref name="ServerUrl"/>. Its text form never shows the token.</summary>
/// <param name="ServerUrl">GitHub's web URL; the header is only sent to URLs under it.</param>
/// <param name="Token">The token.</param>
internal sealed record GitCredentials(Uri ServerUrl, GitHubToken Token);
