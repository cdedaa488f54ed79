namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// The tests that run whole <c>codemate serve</c> processes with agents in tmux; they run one at a time so a
/// two-core CI machine is not asked to start several servers, git and agents at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection
{
    public const string Name = "codemate serve processes";
}
