using Codemate.Configuration;
using Codemate.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Policy;

public sealed class TriggerPolicyOptionsTests
{
    [Fact]
    public void The_defaults_require_write_permission_and_allow_every_repository()
    {
        var options = Bind(new Dictionary<string, string?>());

        Assert.Equal(RepositoryPermission.Write, options.RequiredPermission);
        Assert.Empty(options.AllowedRepositories);
        Assert.Empty(options.AllowedUsers);
        Assert.False(options.TrustAllowedUsers);
        Assert.Equal(TimeSpan.FromMinutes(5), options.PermissionCacheDuration);
    }

    [Fact]
    public void Environment_variables_set_every_option()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            [EnvironmentVariables.AllowedUsers] = "alice, bob",
            [EnvironmentVariables.AllowedRepositories] = "octo/widgets,octo-org/*",
            [EnvironmentVariables.TriggerLabel] = "codemate",
            [EnvironmentVariables.TriggerMention] = "@codemate",
            [EnvironmentVariables.RequiredPermission] = "Maintain",
            [EnvironmentVariables.TrustAllowedUsers] = "true",
            [EnvironmentVariables.PermissionCacheSeconds] = "60",
            [EnvironmentVariables.MaxConcurrentSessions] = "2",
            [EnvironmentVariables.MaxPromptChars] = "5000",
            [EnvironmentVariables.MaxCommentChars] = "2000",
            [EnvironmentVariables.MaxCommentsPerHour] = "5",
        });

        Assert.Equal(["alice", "bob"], options.AllowedUsers);
        Assert.Equal(["octo/widgets", "octo-org/*"], options.AllowedRepositories);
        Assert.Equal("codemate", options.TriggerLabel);
        Assert.Equal("@codemate", options.TriggerMention);
        Assert.Equal(RepositoryPermission.Maintain, options.RequiredPermission);
        Assert.True(options.TrustAllowedUsers);
        Assert.Equal(TimeSpan.FromSeconds(60), options.PermissionCacheDuration);
        Assert.Equal(2, options.MaxConcurrentSessions);
        Assert.Equal(5000, options.MaxPromptChars);
        Assert.Equal(2000, options.MaxCommentChars);
        Assert.Equal(5, options.MaxCommentsPerHour);
    }

    [Fact]
    public void An_environment_list_replaces_the_configuration_section_list()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Codemate:Policy:AllowedUsers:0"] = "carol",
            [EnvironmentVariables.AllowedUsers] = "alice",
        });

        Assert.Equal(["alice"], options.AllowedUsers);
    }

    [Theory]
    [InlineData("CODEMATE_ALLOWED_REPOSITORIES", "widgets", "CODEMATE_ALLOWED_REPOSITORIES: 'widgets' is not of the form owner/repo or owner/*")]
    [InlineData("CODEMATE_ALLOWED_REPOSITORIES", "octo/", "CODEMATE_ALLOWED_REPOSITORIES: 'octo/' is not of the form owner/repo or owner/*")]
    [InlineData("CODEMATE_ALLOWED_REPOSITORIES", "-bad-/*", "CODEMATE_ALLOWED_REPOSITORIES")]
    [InlineData("CODEMATE_ALLOWED_USERS", "not/a-login", "CODEMATE_ALLOWED_USERS: 'not/a-login' is not a GitHub login")]
    [InlineData("CODEMATE_TRIGGER_MENTION", "@two words", "CODEMATE_TRIGGER_MENTION")]
    [InlineData("CODEMATE_TRUST_ALLOWED_USERS", "true", "CODEMATE_ALLOWED_USERS is empty")]
    [InlineData("CODEMATE_PERMISSION_CACHE_SECONDS", "100000", "CODEMATE_PERMISSION_CACHE_SECONDS must be between 0 and 86400")]
    [InlineData("CODEMATE_MAX_CONCURRENT_SESSIONS", "0", "CODEMATE_MAX_CONCURRENT_SESSIONS must be between 1 and 256")]
    [InlineData("CODEMATE_MAX_PROMPT_CHARS", "10", "CODEMATE_MAX_PROMPT_CHARS must be between")]
    [InlineData("CODEMATE_MAX_COMMENT_CHARS", "10", "CODEMATE_MAX_COMMENT_CHARS must be between")]
    [InlineData("CODEMATE_MAX_COMMENTS_PER_HOUR", "0", "CODEMATE_MAX_COMMENTS_PER_HOUR must be between")]
    public void Invalid_settings_fail_with_a_message_naming_the_variable(string variable, string value, string expected)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Bind(new Dictionary<string, string?> { [variable] = value }));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("owner")]
    public void A_required_permission_that_is_not_a_real_level_fails_naming_the_variable(string value)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Bind(new Dictionary<string, string?> { [EnvironmentVariables.RequiredPermission] = value }));

        Assert.Equal($"CODEMATE_REQUIRED_PERMISSION must be read, triage, write, maintain or admin, not '{value}'.", Assert.Single(exception.Failures));
    }

    [Fact]
    public void AddCodemate_registers_the_policy_and_a_custom_policy_can_replace_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [EnvironmentVariables.InsecureSkipSignature] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(NSubstitute.Substitute.For<Codemate.GitHub.IGitHubApi>());

        var builder = services.AddCodemateCore(configuration);
        using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<TriggerPolicy>(provider.GetRequiredService<ITriggerPolicy>());
            Assert.NotNull(provider.GetRequiredService<FloodGuard>());
        }

        builder.UseTriggerPolicy<AllowNothing>();
        using var replaced = services.BuildServiceProvider();
        Assert.IsType<AllowNothing>(replaced.GetRequiredService<ITriggerPolicy>());
    }

    private static TriggerPolicyOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddCodematePolicy(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TriggerPolicyOptions>>().Value;
    }

    private sealed class AllowNothing : ITriggerPolicy
    {
        public bool IsRepositoryAllowed(Codemate.Issues.RepositoryName repository) => false;

        public ValueTask<PolicyDecision> EvaluateAsync(Codemate.Issues.IssueWork work, CancellationToken cancellationToken) =>
            new(PolicyDecision.Deny(PolicyOutcome.NotTriggered, "nothing is allowed"));

        public ValueTask<PolicyDecision> MaySteerAsync(Codemate.Issues.IssueWork work, Codemate.Issues.Actor person, CancellationToken cancellationToken) =>
            new(PolicyDecision.Deny(PolicyOutcome.UserNotAllowed, "nobody may steer"));
    }
}
