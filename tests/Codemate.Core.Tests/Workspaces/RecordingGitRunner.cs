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

    public Task<GitResult> RunAsync(GitCommand command, CancellationToken cancellationToken)
    {
        _commands.Enqueue(command);
        return inner.RunAsync(command, cancellationToken);
    }
}
