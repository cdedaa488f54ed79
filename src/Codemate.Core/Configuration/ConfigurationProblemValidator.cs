using Microsoft.Extensions.Options;

namespace Codemate.Configuration;

/// <summary>Fails <typeparamref name="TOptions"/> when one of its configured values could not be read, naming the variable to set.</summary>
internal sealed class ConfigurationProblemValidator<TOptions>(CodemateConfiguration configuration) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = configuration.ProblemsFor<TOptions>();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
