using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Codemate.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemate.Testing.Hosting;

/// <summary>Codemate in an ASP.NET Core app on Kestrel, 127.0.0.1 and a free port, exactly as a user's app would host it.</summary>
public sealed class CodemateTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CodemateTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host with <paramref name="settings"/> as configuration (environment-variable names work).</summary>
    public static async Task<CodemateTestHost> StartAsync(
        IDictionary<string, string?> settings,
        Action<CodemateBuilder>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null,
        ILoggerProvider? logger = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Clearing the sources first: UseUrls stores the address in configuration.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logger is not null)
        {
            builder.Logging.AddProvider(logger);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        var codemate = builder.Services.AddCodemate(builder.Configuration);
        configure?.Invoke(codemate);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (map is null)
        {
            app.MapCodemate();
            app.MapCodemateHealth();
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CodemateTestHost(app, new Uri(address));
    }

    /// <summary>GET <paramref name="path"/>, with <c>Authorization: Bearer</c> when <paramref name="bearer"/> is given: the status and the JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    public T GetRequiredService<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
