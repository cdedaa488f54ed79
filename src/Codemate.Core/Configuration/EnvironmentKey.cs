namespace Codemate.Configuration;

/// <summary>One environment variable name, the configuration key it sets and how its value is written.</summary>
/// <param name="Variable">The original's name, such as <c>GITHUB_TOKEN</c>.</param>
/// <param name="Key">The key in the <c>Codemate</c> section, such as <c>Codemate:GitHub:Token</c>.</param>
/// <param name="Form">How the variable's value is written.</param>
internal sealed record EnvironmentKey(string Variable, string Key, ValueForm Form)
{
    /// <summary>The section whose options the key binds, such as <c>Codemate:GitHub</c>.</summary>
    public string Section => Key[..Key.LastIndexOf(':')];
}
