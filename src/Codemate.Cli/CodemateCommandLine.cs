using System.CommandLine;
using Codemate.Cli.Commands;

namespace Codemate.Cli;

/// <summary>The <c>codemate</c> command tree.</summary>
internal static class CodemateCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Codemate turns GitHub issues into draft pull requests by driving a coding agent in tmux.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ReceiveCommand.Create());
        root.Subcommands.Add(SessionsCommand.Create());
        root.Subcommands.Add(AttachCommand.Create());
        root.Subcommands.Add(LogsCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        return root;
    }
}
