using System.Globalization;
using System.Text;

namespace Codemate.Workspaces;

/// <summary>
/// The environment that lets git authenticate to GitHub without the token ever touching <c>.git/config</c>,
/// a remote URL or argv: an <c>http.&lt;server&gt;.extraHeader</c> passed through <c>GIT_CONFIG_COUNT</c>.
/// </summary>
internal static class GitEnvironment
{
    /// <summary>
    /// Variables that authenticate git (for example the agent's <c>git push</c>) to <paramref name="serverUrl"/>
    /// with <paramref name="token"/> and stop it from ever prompting.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForToken(Uri serverUrl, string token)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_TERMINAL_PROMPT"] = "0" };
        foreach (var (key, value) in ConfigurationVariables([new(ExtraHeaderKey(serverUrl), AuthorizationHeader(token))]))
        {
            variables[key] = value;
        }

        return variables;
    }

    internal static string ExtraHeaderKey(Uri serverUrl) => $"http.{ServerPrefix(serverUrl)}.extraHeader";

    internal static string AuthorizationHeader(string token) => "Authorization: Basic " + BasicCredential(token);

    internal static string BasicCredential(string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));

    /// <summary><c>GIT_CONFIG_COUNT</c> and its numbered keys and values for <paramref name="entries"/>.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ConfigurationVariables(IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        yield return new("GIT_CONFIG_COUNT", entries.Count.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < entries.Count; i++)
        {
            yield return new(string.Create(CultureInfo.InvariantCulture, $"GIT_CONFIG_KEY_{i}"), entries[i].Key);
            yield return new(string.Create(CultureInfo.InvariantCulture, $"GIT_CONFIG_VALUE_{i}"), entries[i].Value);
        }
    }

    /// <summary><c>scheme://host[:port]/path/</c>: git sends the header to every URL under it.</summary>
    internal static string ServerPrefix(Uri serverUrl)
    {
        var text = serverUrl.GetLeftPart(UriPartial.Path);
        return text.EndsWith('/') ? text : text + "/";
    }

    /// <summary>The HTTPS clone URL of a repository on <paramref name="serverUrl"/>; it never carries credentials.</summary>
    internal static string RemoteUrl(Uri serverUrl, string owner, string name) =>
        $"{ServerPrefix(serverUrl)}{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}.git";
}
