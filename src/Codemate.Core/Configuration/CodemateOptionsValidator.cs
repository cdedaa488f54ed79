using Microsoft.Extensions.Options;

namespace Codemate.Configuration;

/// <summary>The rules data annotations cannot express; every message names the variable to set.</summary>
internal sealed class CodemateOptionsValidator : IValidateOptions<CodemateOptions>
{
    public ValidateOptionsResult Validate(string? name, CodemateOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.WebhookSecret) && !options.InsecureSkipSignature)
        {
            return ValidateOptionsResult.Fail(
                $"{EnvironmentVariables.WebhookSecret} is not set. Set it to the secret configured on the GitHub webhook, " +
                $"or pass --insecure-skip-signature ({EnvironmentVariables.InsecureSkipSignature}=true) to accept unsigned deliveries.");
        }

        return ValidateOptionsResult.Success;
    }
}
