using System.CommandLine;
using Codemate.Cli.Doctor;
using Microsoft.Extensions.Options;

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
            foreach (var check in DoctorChecks.All)
            {
                try
                {
                    var result = await check.RunAsync(host.Services, cancellationToken).ConfigureAwait(false);
                    switch (result.Outcome)
                    {
                        case DoctorOutcome.Ok:
                            Console.WriteLine($"ok   {check.Name}: {result.Text}");
                            break;
                        case DoctorOutcome.Warning:
                            warned++;
                            Console.WriteLine($"WARN {check.Name}: {result.Text}");
                            break;
                    }
                }
                catch (Exception exception) when (exception is DoctorFailure or CodemateException or OptionsValidationException)
                {
                    failed++;
                    var message = exception is OptionsValidationException options ? string.Join(" ", options.Failures) : exception.Message;
                    Console.WriteLine($"FAIL {check.Name}: {message}");
                }
            }

            var warnings = warned == 0 ? string.Empty : $" {warned} warning(s).";
            Console.WriteLine((failed == 0 ? "All checks passed." : $"{failed} check(s) failed.") + warnings);
            return failed == 0 ? 0 : 1;
        }
    }
}
