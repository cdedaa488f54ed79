using System.CommandLine;
using Codemate.Cli.Doctor;
using Microsoft.Extensions.Options;

namespace Codemate.Cli.Commands;

/// <summary><c>codemate doctor</c>: checks everything <c>serve</c> needs and says exactly what to fix.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check tmux, git, the agent command, GitHub credentials, the webhook secret and the workspaces root. Exit code 0 only when all pass.");
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
            foreach (var check in DoctorChecks.All)
            {
                try
                {
                    var found = await check.RunAsync(host.Services, cancellationToken).ConfigureAwait(false);
                    Console.WriteLine($"ok   {check.Name}: {found}");
                }
                catch (Exception exception) when (exception is DoctorFailure or CodemateException or OptionsValidationException)
                {
                    failed++;
                    var message = exception is OptionsValidationException options ? string.Join(" ", options.Failures) : exception.Message;
                    Console.WriteLine($"FAIL {check.Name}: {message}");
                }
            }

            Console.WriteLine(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
            return failed == 0 ? 0 : 1;
        }
    }
}
