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
}
