using Codemate.Cli;

namespace Codemate.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Serve_is_a_command_with_urls_and_insecure_options()
    {
        var serve = CodemateCommandLine.Build().Subcommands.Single(c => c.Name == "serve");
        Assert.Contains(serve.Options, o => o.Name == "--urls");
        Assert.Contains(serve.Options, o => o.Name == "--insecure-skip-signature");
    }

    [Theory]
    [InlineData(null, false, "http://0.0.0.0:8080")]
    [InlineData(null, true, "http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:9000", true, "http://0.0.0.0:9000")]
    [InlineData("http://127.0.0.1:9000", false, "http://127.0.0.1:9000")]
    public void Without_a_signature_check_serve_listens_only_on_loopback_unless_urls_say_otherwise(string? urls, bool insecure, string expected) =>
        Assert.Equal(expected, Codemate.Cli.Commands.ServeCommand.ListenUrls(urls, insecure));
}
