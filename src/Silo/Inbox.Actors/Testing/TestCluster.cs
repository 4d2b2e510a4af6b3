using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inbox.Actors.Testing;

/// <summary>
/// One or more silos in this process, each a host with its own DI container, all sharing the store
/// named by the configuration. There is no cluster directory: two silos may each activate the same
/// grain, and version-checked writes keep them honest, as they would in a partition.
/// </summary>
public sealed class TestCluster(
    IReadOnlyDictionary<string, string?> configuration,
    Action<ActorsBuilder> configureActors,
    Action<IServiceCollection>? configureServices = null) : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];

    public IReadOnlyList<IHost> Silos => _silos;

    /// <summary>The first silo's grain factory.</summary>
    public IGrainFactory GrainFactory => _silos[0].Services.GetRequiredService<IGrainFactory>();

    public async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddActors(configureActors);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    /// <summary>Stops a silo gracefully: its grains deactivate and its pending writes commit.</summary>
    public async Task StopSiloAsync(IHost silo)
    {
        _silos.Remove(silo);
        await silo.StopAsync();
        silo.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.ToArray()) await StopSiloAsync(silo);
    }
}
