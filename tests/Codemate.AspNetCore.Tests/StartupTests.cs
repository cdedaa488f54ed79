using System.Net;
using System.Text;
using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Codemate.AspNetCore.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_short_webhook_secret_or_status_token_is_refused_at_startup_saying_why()
    {
        var settings = TestSettings.Minimal(_root, secret: "too-short");
        settings[EnvironmentVariables.StatusToken] = "also-short";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CodemateTestHost.StartAsync(settings));

        Assert.Contains("GITHUB_WEBHOOK_SECRET has 9 characters; use at least 16", error.Message, StringComparison.Ordinal);
        Assert.Contains("anyone could sign webhooks as GitHub", error.Message, StringComparison.Ordinal);
        Assert.Contains("CODEMATE_STATUS_TOKEN has 10 characters; use at least 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_webhook_secret_startup_fails_naming_GITHUB_WEBHOOK_SECRET()
    {
        var settings = TestSettings.Minimal(_root, secret: null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CodemateTestHost.StartAsync(settings));

        Assert.Contains(EnvironmentVariables.WebhookSecret, error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-skip-signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_would_run_Claude_Code_as_root_fails_to_start_saying_to_run_as_a_normal_user()
    {
        var settings = TestSettings.Minimal(_root);
        settings.Remove(EnvironmentVariables.AgentCommand);
        var root = Substitute.For<IAgentUser>();
        root.RunsAsRoot.Returns(true);

        var error = await Assert.ThrowsAsync<CodemateException>(() => CodemateTestHost.StartAsync(settings, services: s => s.Replace(ServiceDescriptor.Singleton(root))));

        Assert.Contains("run Codemate as a normal (non-root) user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_explicit_opt_out_unsigned_deliveries_are_accepted_and_every_one_logs_a_warning()
    {
        var settings = TestSettings.Minimal(_root, secret: null);
        settings[EnvironmentVariables.InsecureSkipSignature] = "true";
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        await using var host = await CodemateTestHost.StartAsync(settings, logger: new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs));
        var sender = new WebhookSender(host.Client, secret: null);

        using var first = await sender.SendAsync("ping", WebhookPayloads.Ping());
        using var second = await sender.SendAsync("ping", WebhookPayloads.Ping());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.Contains("NOT verified", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_a_secret_configured_the_opt_out_does_not_disable_verification()
    {
        var settings = TestSettings.Minimal(_root);
        settings[EnvironmentVariables.InsecureSkipSignature] = "true";
        await using var host = await CodemateTestHost.StartAsync(settings);

        using var response = await new WebhookSender(host.Client, secret: null).SendAsync("ping", WebhookPayloads.Ping());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_host_configured_through_the_Codemate_section_alone_starts_and_verifies_signatures()
    {
        // The same settings as appsettings.json would write them: Codemate:GitHub:Token for GITHUB_TOKEN, and so on.
        var settings = TestSettings.Minimal(_root).ToDictionary(
            setting => EnvironmentKeys.All.Single(entry => entry.Variable == setting.Key).Key,
            setting => setting.Value);
        Assert.DoesNotContain(settings.Keys, key => !key.StartsWith("Codemate:", StringComparison.Ordinal));
        await using var host = await CodemateTestHost.StartAsync(settings);

        using var signed = await new WebhookSender(host.Client, TestSettings.Secret).SendAsync("ping", WebhookPayloads.Ping());
        using var unsigned = await new WebhookSender(host.Client, secret: null).SendAsync("ping", WebhookPayloads.Ping());

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Fact]
    public void Mapping_without_AddCodemate_throws_naming_AddCodemate()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapCodemate());

        Assert.Contains("AddCodemate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_path_is_configurable_through_MapCodemate()
    {
        await using var host = await CodemateTestHost.StartAsync(TestSettings.Minimal(_root), map: app => app.MapCodemate("/hooks/github"));
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.Ping());

        using var moved = await new WebhookSender(host.Client, TestSettings.Secret, "/hooks/github").SendRawAsync("ping", body, "d-1", signature: null);
        using var old = await new WebhookSender(host.Client, TestSettings.Secret).SendRawAsync("ping", body, "d-2", signature: null);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Calling_AddCodemate_twice_is_harmless()
    {
        await using var host = await CodemateTestHost.StartAsync(
            TestSettings.Minimal(_root),
            codemate => codemate.Services.AddCodemate(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));

        using var response = await new WebhookSender(host.Client, TestSettings.Secret).SendAsync("ping", WebhookPayloads.Ping());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Options_set_in_code_are_used_and_validated_like_configured_ones()
    {
        var services = new ServiceCollection();
        services.AddCodemate(options =>
        {
            options.WebhookSecret = TestSettings.Secret;
            options.WorkspacesRoot = _root.Path;
            options.MaxConcurrentIssues = 7;
        });
        using (var provider = services.BuildServiceProvider())
        {
            var options = provider.GetRequiredService<IOptions<CodemateOptions>>().Value;
            Assert.Equal(TestSettings.Secret, options.WebhookSecret);
            Assert.Equal(_root.Path, options.WorkspacesRoot);
            Assert.Equal(7, options.MaxConcurrentIssues);
        }

        var refused = new ServiceCollection();
        refused.AddCodemate(options =>
        {
            options.WebhookSecret = "too-short";
            options.WorkspacesRoot = _root.Path;
        });
        using var refusedProvider = refused.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => refusedProvider.GetRequiredService<IOptions<CodemateOptions>>().Value);
        Assert.Contains(EnvironmentVariables.WebhookSecret, error.Message, StringComparison.Ordinal);
    }
}
