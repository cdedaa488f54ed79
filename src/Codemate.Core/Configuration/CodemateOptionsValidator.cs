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

        var failures = new List<string>();
        CheckLength(options.WebhookSecret, EnvironmentVariables.WebhookSecret, "anyone could sign webhooks as GitHub", failures);
        CheckLength(options.StatusToken, EnvironmentVariables.StatusToken, "anyone could read every session's details", failures);
        if (options.DatabaseUrl is { } url && State.Postgres.PostgresConnection.TryParse(url, out _, out var problem) is false)
        {
            failures.Add(problem!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The shortest secret accepted: a short one can be guessed.</summary>
    public const int MinimumSecretLength = 16;

    private static void CheckLength(string? secret, string variable, string risk, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(secret) && secret.Trim().Length < MinimumSecretLength)
        {
            failures.Add(
                $"{variable} has {secret.Trim().Length} characters; use at least {MinimumSecretLength}, random (for example the output of 'openssl rand -hex 32'): "
                + $"a short one can be guessed, and then {risk}.");
        }
    }
}
