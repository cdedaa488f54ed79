using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>Checks at startup that the price table can be read; the budgets' ranges are data annotations.</summary>
internal sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PricesFile))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            _ = Usage.PriceTable.Load(options.PricesFile);
            return ValidateOptionsResult.Success;
        }
        catch (CodemateException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
