using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.AnthropicDouble;

namespace Codemate.Cli.Tests.Agents;

/// <summary>
/// Runs the real Claude Code once in print mode (<c>claude -p</c>) against an <see cref="AnthropicDouble"/>, in fresh
/// home, config, temp and working directories that are deleted on dispose. Cancelling (or the time limit) kills the process.
/// </summary>
internal sealed class ClaudeCodePrintRun : IDisposable
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _root = new("claude-run");

    public ClaudeCodePrintRun()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Config);
        Directory.CreateDirectory(WorkingDirectory);
        Directory.CreateDirectory(Temp);
    }

    public string WorkingDirectory => _root.Combine("work");

    private string Home => _root.Combine("home");

    private string Config => _root.Combine("config");

    private string Temp => _root.Combine("tmp");

    /// <summary>Runs <c>claude -p <paramref name="prompt"/> --output-format json</c> plus <paramref name="arguments"/>; returns the exit code, the parsed result and stderr.</summary>
    public async Task<(int ExitCode, JsonObject? Result, string Error)> RunAsync(AnthropicDouble api, string prompt, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeLimit);
        var result = await CliWrap.Cli.Wrap(ClaudeCodeBinary.Path)
            .WithArguments(a => a.Add("-p").Add(prompt).Add("--output-format").Add("json").Add(arguments))
            .WithWorkingDirectory(WorkingDirectory)
            .WithEnvironmentVariables(api.ClaudeCodeEnvironment(Home, Config, Temp))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
        var output = result.StandardOutput.Trim();
        return (result.ExitCode, output.StartsWith('{') ? JsonNode.Parse(output) as JsonObject : null, result.StandardError);
    }

    public void Dispose() => _root.Dispose();
}
