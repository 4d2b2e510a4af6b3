using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Inbox.Storage.Tests;

/// <summary>
/// A real silo in its own generic host, on loopback ports of its own, clustered through our
/// migrations and Orleans' ADO.NET membership (not the test host's in-memory one). Several in one
/// process share one PostgreSQL schema, cluster id and service id, as nodes of one cluster do.
/// </summary>
public sealed class Node(IHost host) : IAsyncDisposable
{
    public IHost Host { get; } = host;

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>The silos this node itself sees as active (what its directory and placement use).</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos => Host.Services.GetRequiredService<ISiloStatusOracle>()
        .GetApproximateSiloStatuses(onlyActive: true).Keys.ToList();

    public static async Task<Node> StartAsync(StoreConfig config, string clusterId)
    {
        var node = new Node(Build(config, clusterId));
        await node.Host.StartAsync();
        return node;
    }

    public static IHost Build(StoreConfig config, string clusterId, string clusterProvider = "Postgres")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(config.Settings);
        builder.Configuration.AddInMemoryCollection([new("Inbox:Cluster:Provider", clusterProvider)]);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, config.ServiceId));
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = FreePort();
                o.GatewayPort = FreePort();
            });
            // Short probes, so a departure shows within a test's patience (a test, not a tuning).
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
            silo.AddInboxStorage(storage => storage.AddMigrationsFrom(typeof(Node).Assembly));
            silo.AddInboxClustering();
            silo.Services.AddSingleton(new Probe());
        });
        return builder.Build();
    }

    private bool _stopped;

    /// <summary>A graceful stop: the silo says goodbye in the membership table and hands its grains over.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
