using Microsoft.Extensions.Hosting;

namespace Inbox.Storage.Tests.Clustering;

/// <summary>A cluster the store cannot hold stops the silo at start, naming the setting; none asked for changes nothing.</summary>
public sealed class ClusteringStartupTests
{
    [Fact]
    public async Task ClusteringOnSqliteRefusesToStartNamingTheSetting()
    {
        // Refused as the silo is built, so a host can print the reason alone rather than a failed start's log.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = Node.Build(Stores.Fresh(Stores.Sqlite), "cluster-sqlite");
            await host.StartAsync();
        });

        Assert.Contains("Inbox:Cluster:Provider is Postgres, which needs Inbox:Storage:Provider Postgres", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownClusterProviderRefusesToStartNamingTheSetting()
    {
        // Refused as the silo is built, before anything could fall back to one-node clustering.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var host = Node.Build(Stores.Fresh(Stores.Sqlite), "cluster-unknown", clusterProvider: "Consul");
            await host.StartAsync();
        });

        Assert.Contains("Inbox:Cluster:Provider must be Postgres or unset, not Consul", error.ToString(), StringComparison.Ordinal);
    }
}
