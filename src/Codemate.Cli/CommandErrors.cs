using Microsoft.Extensions.Options;

namespace Codemate.Cli;

/// <summary>Turns expected failures into one clear line and exit code 1, instead of a stack trace.</summary>
internal static class CommandErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OptionsValidationException exception)
        {
            return StartupError.Report(string.Join(" ", exception.Failures));
        }
        catch (CodemateException exception)
        {
            return StartupError.Report(exception.Message);
        }
        catch (IOException exception)
        {
            return StartupError.Report(exception.Message);
        }
    }
}
