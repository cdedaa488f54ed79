using Codemate.Usage;
using Codemate.Workflow;

namespace Codemate.Core.Tests.Usage;

public sealed class UsageBudgetTests
{
    private static readonly SessionUsage Used = new() { Tokens = new TokenCounts(1_000, 200, 3_000, 50_000), EstimatedCostUsd = 1.25m };

    [Fact]
    public void No_budget_set_means_no_limit() =>
        Assert.Null(UsageBudget.Exceeded(Used, new WorkflowOptions()));

    [Fact]
    public void The_token_budget_counts_every_kind_of_token_and_names_its_variable()
    {
        var reason = UsageBudget.Exceeded(Used, new WorkflowOptions { MaxSessionTokens = 54_200 });

        Assert.Equal("the session used 54,200 tokens, reaching its budget of 54,200 (CODEMATE_MAX_SESSION_TOKENS).", reason);
        Assert.Null(UsageBudget.Exceeded(Used, new WorkflowOptions { MaxSessionTokens = 54_201 }));
    }

    [Fact]
    public void The_cost_budget_says_what_was_spent()
    {
        Assert.Equal(
            "the session cost about $1.25, reaching its budget of $1.00 (CODEMATE_MAX_SESSION_COST_USD).",
            UsageBudget.Exceeded(Used, new WorkflowOptions { MaxSessionCostUsd = 1m }));
        Assert.Null(UsageBudget.Exceeded(Used with { EstimatedCostUsd = null }, new WorkflowOptions { MaxSessionCostUsd = 1m }));
    }
}
