namespace Codemate.Configuration;

/// <summary>
/// When only the server URL names a GitHub Enterprise Server, its REST API is at <c>{server}/api/v3/</c>: setting
/// <c>GITHUB_SERVER_URL</c> alone is enough.
/// </summary>
internal static class GitHubApiUrl
{
    private const string ServerKey = "Codemate:GitHub:ServerUrl";
    private const string ApiKey = "Codemate:GitHub:ApiUrl";

    public static void FollowServer(Dictionary<string, string?> data)
    {
        if (data.TryGetValue(ApiKey, out var api) && !string.IsNullOrWhiteSpace(api))
        {
            return;
        }

        if (data.TryGetValue(ServerKey, out var server)
            && Uri.TryCreate(server?.Trim(), UriKind.Absolute, out var uri)
            && !string.Equals(uri.Host, "github.com", StringComparison.OrdinalIgnoreCase))
        {
            data[ApiKey] = new Uri(WithTrailingSlash(uri), "api/v3/").AbsoluteUri;
        }
    }

    public static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
