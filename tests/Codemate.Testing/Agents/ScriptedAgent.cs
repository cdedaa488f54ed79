namespace Codemate.Testing.Agents;

/// <summary>
/// Locates <c>Codemate.ScriptedAgent</c>, the stand-in agent the tests run in real tmux, and builds the
/// <c>CODEMATE_AGENT_COMMAND</c> that starts it. Its log is read with <see cref="ScriptedAgentLog"/>.
/// </summary>
public static class ScriptedAgent
{
    private const string AssemblyFile = "Codemate.ScriptedAgent.dll";

    /// <summary>The agent's dll, copied next to the test assemblies by the project reference.</summary>
    public static string DllPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, AssemblyFile);
            return File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))
                ? path
                : throw new InvalidOperationException($"{AssemblyFile} (with its runtimeconfig) is not in {AppContext.BaseDirectory}; reference Codemate.Testing.");
        }
    }

    /// <summary>A shell command line (the command profile runs it through the shell) that starts the agent.</summary>
    public static string CommandLine(string logDirectory) =>
        $"exec {Quote(DotnetHost)} {Quote(DllPath)} --log {Quote(Path.GetFullPath(logDirectory))}";

    /// <summary>The <c>dotnet</c> running the tests, so the agent gets the same runtime.</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
