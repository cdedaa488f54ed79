namespace Codemate.Configuration;

/// <summary>Paths written with <c>~</c> for the user's home, as in a shell.</summary>
internal static class HomePath
{
    public static string Expand(string path) =>
        path.StartsWith('~')
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
