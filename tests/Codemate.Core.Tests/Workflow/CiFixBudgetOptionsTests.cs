using Codemate.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Workflow;

public sealed class CiFixBudgetOptionsTests
{
    [Fact]
    public void The_budget_is_three_unless_the_variable_says_otherwise()
    {
        Assert.Equal(3, Bind([]).MaxCiFixAttempts);
        Assert.Equal(0, Bind(new() { ["CODEMATE_MAX_CI_FIX_ATTEMPTS"] = "0" }).MaxCiFixAttempts);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_budget_out_of_range_is_refused_at_start_naming_the_variable(int attempts)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["CODEMATE_MAX_CI_FIX_ATTEMPTS"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Contains("CODEMATE_MAX_CI_FIX_ATTEMPTS must be between 0 and 100.", error.Message, StringComparison.Ordinal);
    }

    private static WorkflowOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddCodemateWorkflow(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WorkflowOptions>>().Value;
    }
}
