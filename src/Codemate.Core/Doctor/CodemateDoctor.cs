using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Codemate.Doctor;

/// <summary>
/// Checks everything a Codemate server needs (tmux, git, the agent, the webhook secret, the repository allow-list,
/// the directories, the state database, the GitHub credentials) in the order a new operator would fix them, and says
/// exactly what to fix. Options are read as configured, not validated: each check reports its own problem, where
/// options validation would fail every check for one missing value. <c>codemate doctor</c> prints its findings.
/// </summary>
public sealed class CodemateDoctor
{
    private readonly IServiceProvider _services;

    internal CodemateDoctor(IServiceProvider services) => _services = services;

    /// <summary>Runs the checks one after another, yielding what each found as soon as it is done.</summary>
    public async IAsyncEnumerable<DoctorFinding> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var check in DoctorChecks.All)
        {
            DoctorFinding finding;
            try
            {
                var result = await check.RunAsync(_services, cancellationToken).ConfigureAwait(false);
                finding = new DoctorFinding(check.Name, result.Outcome, result.Text);
            }
            catch (Exception exception) when (exception is DoctorFailure or CodemateException or OptionsValidationException)
            {
                var message = exception is OptionsValidationException options ? string.Join(" ", options.Failures) : exception.Message;
                finding = new DoctorFinding(check.Name, DoctorOutcome.Failed, message);
            }

            yield return finding;
        }
    }
}
