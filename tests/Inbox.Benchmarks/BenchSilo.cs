using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inbox.Benchmarks;

/// <summary>One Orleans silo in this process on our store, as the web host runs it (localhost clustering, no gateway).</summary>
internal sealed class BenchSilo(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public IGrainFactory GrainFactory => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Where this silo listens; another silo given it as <c>primary</c> joins this one's cluster.</summary>
    public IPEndPoint SiloEndpoint { get; private init; } = new(IPAddress.Loopback, 0);

    public static async Task<BenchSilo> StartAsync(Dictionary<string, string?> settings, Action<ISiloBuilder> configure, IPEndPoint? primary = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var serviceId = settings["Inbox:Actors:ServiceId"]!;
        var port = FreePort();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(port, gatewayPort: 0, primarySiloEndpoint: primary, serviceId: serviceId, clusterId: serviceId);
            configure(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host) { SiloEndpoint = new IPEndPoint(IPAddress.Loopback, port) };
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
