using System.Reflection;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.Workflow;
using Codemate.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Configuration;

public sealed class EnvironmentNamesTests
{
    private static readonly Dictionary<string, Type> OptionsBySection = new(StringComparer.Ordinal)
    {
        [CodemateOptions.SectionName] = typeof(CodemateOptions),
        [GitHubOptions.SectionName] = typeof(GitHubOptions),
        [AgentOptions.SectionName] = typeof(AgentOptions),
        [TriggerPolicyOptions.SectionName] = typeof(TriggerPolicyOptions),
        [WorkflowOptions.SectionName] = typeof(WorkflowOptions),
        [WorkspaceOptions.SectionName] = typeof(WorkspaceOptions),
    };

    public static TheoryData<string> Variables()
    {
        var data = new TheoryData<string>();
        var fields = typeof(EnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(WorkspaceOptions).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.Name.EndsWith("Variable", StringComparison.Ordinal)));
        foreach (var field in fields.Where(f => f.IsLiteral))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }

    public static TheoryData<string> MappedKeys() => [.. EnvironmentKeys.All.Select(e => e.Key)];

    [Theory]
    [MemberData(nameof(Variables))]
    public void Every_environment_variable_maps_to_one_key_or_is_read_as_it_is(string variable)
    {
        var mapped = EnvironmentKeys.All.Count(e => e.Variable == variable);

        Assert.Equal(1, mapped + EnvironmentKeys.ReadDirectly.Count(v => v == variable));
    }

    [Theory]
    [MemberData(nameof(MappedKeys))]
    public void Every_mapped_key_is_a_property_of_the_options_its_section_binds(string key)
    {
        var entry = EnvironmentKeys.All.Single(e => e.Key == key);

        Assert.NotNull(OptionsBySection[entry.Section].GetProperty(key[(entry.Section.Length + 1)..]));
    }

    [Fact]
    public void Section_keys_set_options_as_their_environment_names_do()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Codemate:GitHub:Token"] = "ghp_section",
            ["Codemate:MaxConcurrentIssues"] = "9",
            ["Codemate:WorkRetryDelay"] = "00:00:30",
            ["Codemate:Policy:AllowedUsers:0"] = "carol",
            ["Codemate:Policy:RequiredPermission"] = "maintain",
            ["Codemate:Workflow:MaxSessionDuration"] = "01:30:00",
            ["Codemate:Workflow:MaxSessionCostUsd"] = "2.5",
            ["Codemate:Agent:GitCredentials"] = "true",
        };

        Assert.Equal("ghp_section", Options<GitHubOptions>(settings).Token);
        Assert.Equal(9, Options<CodemateOptions>(settings).MaxConcurrentIssues);
        Assert.Equal(TimeSpan.FromSeconds(30), Options<CodemateOptions>(settings).WorkRetryDelay);
        Assert.Equal(["carol"], Options<TriggerPolicyOptions>(settings).AllowedUsers);
        Assert.Equal(RepositoryPermission.Maintain, Options<TriggerPolicyOptions>(settings).RequiredPermission);
        Assert.Equal(TimeSpan.FromMinutes(90), Options<WorkflowOptions>(settings).MaxSessionDuration);
        Assert.Equal(2.5m, Options<WorkflowOptions>(settings).MaxSessionCostUsd);
        Assert.True(Options<AgentOptions>(settings).GitCredentials);
    }

    [Fact]
    public void An_environment_name_wins_over_its_section_key_and_converts_its_unit()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Codemate:WorkRetryDelay"] = "00:00:30",
            [EnvironmentVariables.WorkRetrySeconds] = "7.5",
            ["Codemate:Workflow:MaxIdleDuration"] = "02:00:00",
            [EnvironmentVariables.MaxIdleMinutes] = "15",
            ["Codemate:Workflow:WorkspaceRetention"] = "3.00:00:00",
            [EnvironmentVariables.WorkspaceRetentionDays] = "0.5",
            ["Codemate:Agent:Environment:0"] = "FROM_SECTION",
            ["Codemate:Agent:Environment:1"] = "ALSO_FROM_SECTION",
            [EnvironmentVariables.AgentEnvironment] = "ONE, TWO",
            [EnvironmentVariables.SpareWorkspace] = "off",
        };

        Assert.Equal(TimeSpan.FromSeconds(7.5), Options<CodemateOptions>(settings).WorkRetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(15), Options<WorkflowOptions>(settings).MaxIdleDuration);
        Assert.Equal(TimeSpan.FromHours(12), Options<WorkflowOptions>(settings).WorkspaceRetention);
        Assert.Equal(["ONE", "TWO"], Options<AgentOptions>(settings).Environment);
        Assert.False(Options<WorkspaceOptions>(settings).SpareWorkspace);
    }

    [Theory]
    [InlineData(EnvironmentVariables.MaxConcurrentSessions, "abc", "CODEMATE_MAX_CONCURRENT_SESSIONS must be a whole number, not 'abc'.")]
    [InlineData(EnvironmentVariables.MaxConcurrentIssues, "4.5", "CODEMATE_MAX_CONCURRENT_ISSUES must be a whole number, not '4.5'.")]
    [InlineData(EnvironmentVariables.WorkRetrySeconds, "soon", "CODEMATE_WORK_RETRY_SECONDS must be a number of seconds, not 'soon'.")]
    [InlineData(EnvironmentVariables.AgentStartSeconds, "-1", "CODEMATE_AGENT_START_SECONDS must be a number of seconds, not '-1'.")]
    [InlineData(EnvironmentVariables.MaxSessionMinutes, "1e300", "CODEMATE_MAX_SESSION_MINUTES must be a number of minutes (0 or more), not '1e300'.")]
    [InlineData(EnvironmentVariables.ReadyForReview, "maybe", "CODEMATE_READY_FOR_REVIEW must be true or false, not 'maybe'.")]
    [InlineData(EnvironmentVariables.MaxSessionCostUsd, "ten", "CODEMATE_MAX_SESSION_COST_USD must be a number, not 'ten'.")]
    [InlineData(EnvironmentVariables.GitHubAppId, "my-app", "GITHUB_APP_ID must be a whole number, not 'my-app'.")]
    [InlineData(EnvironmentVariables.GitHubServerUrl, "ghes.example.com", "GITHUB_SERVER_URL must be an absolute http(s) URL, not 'ghes.example.com'.")]
    [InlineData(EnvironmentVariables.RequiredPermission, "owner", "CODEMATE_REQUIRED_PERMISSION must be read, triage, write, maintain or admin, not 'owner'.")]
    public void A_value_that_does_not_parse_fails_validation_naming_the_variable_and_its_form(string variable, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [variable] = value };

        var error = Assert.Throws<OptionsValidationException>(() => AllOptions(settings));

        Assert.Contains(message, error.Failures);
    }

    [Theory]
    [InlineData("Codemate:Policy:MaxConcurrentSessions", "abc", "Codemate:Policy:MaxConcurrentSessions must be a whole number, not 'abc' (or set CODEMATE_MAX_CONCURRENT_SESSIONS).")]
    [InlineData("Codemate:WorkRetryDelay", "5 seconds", "Codemate:WorkRetryDelay must be a time span such as 00:05:00 (d.hh:mm:ss), not '5 seconds' (or set CODEMATE_WORK_RETRY_SECONDS).")]
    [InlineData("Codemate:InsecureSkipSignature", "yes please", "Codemate:InsecureSkipSignature must be true or false, not 'yes please' (or set CODEMATE_INSECURE_SKIP_SIGNATURE).")]
    public void A_section_value_that_does_not_parse_fails_validation_naming_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };

        var error = Assert.Throws<OptionsValidationException>(() => AllOptions(settings));

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public void A_leading_tilde_is_the_home_directory_in_either_form()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var settings = new Dictionary<string, string?>
        {
            ["Codemate:WorkspacesRoot"] = "~/section-workspaces",
            [EnvironmentVariables.StatePath] = "~/state.db",
            [EnvironmentVariables.GitHubAppPrivateKeyFile] = " ~/app.pem ",
        };

        Assert.Equal(home + "/section-workspaces", Options<CodemateOptions>(settings).WorkspacesRoot);
        Assert.Equal(home + "/state.db", Options<CodemateOptions>(settings).StatePath);
        Assert.Equal(home + "/app.pem", Options<GitHubOptions>(settings).AppPrivateKeyFile);
    }

    [Theory]
    [InlineData(EnvironmentVariables.GitHubServerUrl, null, "https://ghes.example.com/api/v3/")]
    [InlineData("Codemate:GitHub:ServerUrl", null, "https://ghes.example.com/api/v3/")]
    [InlineData(EnvironmentVariables.GitHubServerUrl, "Codemate:GitHub:ApiUrl", "https://api.ghes.example.com/")]
    [InlineData("Codemate:GitHub:ServerUrl", EnvironmentVariables.GitHubApiUrl, "https://api.ghes.example.com/")]
    public void An_enterprise_server_URL_alone_points_the_API_at_api_v3_on_it(string serverKey, string? apiKey, string expected)
    {
        var settings = new Dictionary<string, string?> { [serverKey] = "https://ghes.example.com" };
        if (apiKey is not null)
        {
            settings[apiKey] = "https://api.ghes.example.com/";
        }

        Assert.Equal(expected, Options<GitHubOptions>(settings).ApiUrl.AbsoluteUri);
    }

    [Fact]
    public void Configuration_added_after_AddCodemate_is_read_when_options_are()
    {
        var configuration = new ConfigurationManager();
        var services = new ServiceCollection();
        services.AddCodemateCore(configuration);

        configuration[EnvironmentVariables.InsecureSkipSignature] = "true";
        configuration[EnvironmentVariables.MaxConcurrentIssues] = "3";
        using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<IOptions<CodemateOptions>>().Value.MaxConcurrentIssues);
    }

    /// <summary>The options as bound, before validation (which would want a complete configuration).</summary>
    private static T Options<T>(Dictionary<string, string?> settings)
        where T : class, new()
    {
        using var provider = Provider(settings);
        var options = new T();
        foreach (var configure in provider.GetServices<IConfigureOptions<T>>())
        {
            configure.Configure(options);
        }

        return options;
    }

    /// <summary>Reads every options class from a configuration that is complete but for <paramref name="settings"/>.</summary>
    private static void AllOptions(Dictionary<string, string?> settings)
    {
        var complete = new Dictionary<string, string?>
        {
            [EnvironmentVariables.WebhookSecret] = "a-webhook-secret-long-enough",
            [EnvironmentVariables.GitHubToken] = "ghp_token",
        };
        foreach (var (key, value) in settings)
        {
            complete[key] = value;
        }

        using var provider = Provider(complete);
        _ = provider.GetRequiredService<IOptions<CodemateOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<GitHubOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<TriggerPolicyOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<WorkflowOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddCodemateCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
