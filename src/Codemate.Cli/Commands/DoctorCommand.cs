using System.CommandLine;
using Codemate.Doctor;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Cli.Commands;

/// <summary><c>codemate doctor</c>: checks everything <c>serve</c> needs and says exactly what to fix.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check tmux, git, the agent (its command, Claude Code's release and model credential, that it will not run as root), the webhook secret, the repository allow-list, the workspaces and agent directories, the state database and GitHub credentials. Exit code 0 only when all pass; warnings do not fail.");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Microsoft.Extensions.Hosting.IHost host;
        try
        {
            host = CliHost.Build();
        }
        catch (CodemateException exception)
        {
            Console.WriteLine($"FAIL configuration: {exception.Message}");
            return 1;
        }

        using (host)
        {
            var failed = 0;
            var warned = 0;
            await foreach (var finding in host.Services.GetRequiredService<CodemateDoctor>().RunAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (finding.Outcome)
                {
                    case DoctorOutcome.Ok:
                        Console.WriteLine($"ok   {finding.Check}: {finding.Text}");
                        break;
                    case DoctorOutcome.Warning:
                        warned++;
                        Console.WriteLine($"WARN {finding.Check}: {finding.Text}");
                        break;
                    case DoctorOutcome.Failed:
                        failed++;
                        Console.WriteLine($"FAIL {finding.Check}: {finding.Text}");
                        break;
                }
            }

            var warnings = warned == 0 ? string.Empty : $" {warned} warning(s).";
            Console.WriteLine((failed == 0 ? "All checks passed." : $"{failed} check(s) failed.") + warnings);
            return failed == 0 ? 0 : 1;
        }
    }
}
