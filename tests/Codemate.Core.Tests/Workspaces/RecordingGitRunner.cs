using System.Collections.Concurrent;
using Codemate.Workspaces;

namespace Codemate.Core.Tests.Workspaces;

/// <summary>Wraps the real runner and records every command Codemate asked git to run.</summary>
internal sealed class RecordingGitRunner(IGitRunner inner) : IGitRunner
{
    private readonly ConcurrentQueue<GitCommand> _commands = new();

    public IReadOnlyList<GitCommand> Commands => [.. _commands];

    public IEnumerable<string> AllArguments => Commands.SelectMany(c => c.Arguments);

    public void Clear() => _commands.Clear();

    /// <summary>Runs before each command reaches git: a test can hold one there (a spare's checkout, say) to see what waits for it.</summary>
    public Func<GitCommand, Task>? Before { get; set; }

    public async Task<GitResult> RunAsync(GitCommand command, CancellationToken cancellationToken)
    {
        _commands.Enqueue(command);
        if (Before is { } before)
        {
            await before(command);
        }

        return await inner.RunAsync(command, cancellationToken);
    }
}
