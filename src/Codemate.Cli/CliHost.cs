using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Cli;

/// <summary>Codemate's services without a web server, for the operator commands.</summary>
internal static class CliHost
{
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null, LogLevel logLevel = LogLevel.Warning)
    {
        DotEnvFile.LoadFromWorkingDirectory();
        var builder = Host.CreateApplicationBuilder();
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel).AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddCodemateCore(builder.Configuration);
        return builder.Build();
    }
}
