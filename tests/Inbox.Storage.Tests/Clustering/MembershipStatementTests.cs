using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace Inbox.Storage.Tests.Clustering;

/// <summary>
/// Our statements under Orleans' own ADO.NET membership table, without a silo: the version row is
/// the compare-and-swap point, reads always carry it, heartbeats leave it alone, clusters stay apart.
/// </summary>
[RequiresPostgres]
public sealed class MembershipStatementTests
{
    [StoreFact]
    public async Task AFreshClusterReadsItsVersionRowWithNoMembers()
    {
        var table = await OpenAsync(await MigratedAsync(), "c1");

        var all = await table.ReadAllAsync(CancellationToken.None);
        var row = await table.ReadRowAsync(Silo(1), CancellationToken.None);

        Assert.Equal(0, all.Version.Version);
        Assert.Empty(all.Members);
        Assert.Equal(0, row.Version.Version);
        Assert.Empty(row.Members);
    }

    [StoreFact]
    public async Task AWriteFromAStaleVersionIsRefusedAndChangesNothing()
    {
        var table = await OpenAsync(await MigratedAsync(), "c1");
        var read = (await table.ReadAllAsync(CancellationToken.None)).Version;

        Assert.True(await table.InsertRowAsync(Entry(1), read.Next(), CancellationToken.None));
        Assert.False(await table.InsertRowAsync(Entry(2), read.Next(), CancellationToken.None)); // read before the first insert
        var now = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, now.Version.Version);
        Assert.Equal([Silo(1)], now.Members.Select(m => m.Item1.SiloAddress));

        var dead = Entry(1, SiloStatus.Dead);
        // A row's etag is the table version it was read at (Orleans 10.4 answers false itself when they differ).
        Assert.False(await table.UpdateRowAsync(dead, read.VersionEtag, read.Next(), CancellationToken.None));
        Assert.True(await table.UpdateRowAsync(dead, now.Members.Single().Item2, now.Version.Next(), CancellationToken.None));
        var after = await table.ReadRowAsync(Silo(1), CancellationToken.None);
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(SiloStatus.Dead, after.Members.Single().Item1.Status);
    }

    [StoreFact]
    public async Task AHeartbeatMovesTheMembersTimeNotTheVersion()
    {
        var table = await OpenAsync(await MigratedAsync(), "c1");
        var read = (await table.ReadAllAsync(CancellationToken.None)).Version;
        var entry = Entry(1);
        await table.InsertRowAsync(entry, read.Next(), CancellationToken.None);

        entry.IAmAliveTime = entry.IAmAliveTime.AddMinutes(5);
        await table.UpdateIAmAliveAsync(entry, CancellationToken.None);

        var row = await table.ReadRowAsync(Silo(1), CancellationToken.None);
        Assert.Equal(1, row.Version.Version);
        Assert.Equal(entry.IAmAliveTime, row.Members.Single().Item1.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, row.Members.Single().Item1.IAmAliveTime.Kind);
    }

    [StoreFact]
    public async Task SuspicionsRoundTripAndDefunctSilosAreCleanedUpPerCluster()
    {
        var config = await MigratedAsync();
        var c1 = await OpenAsync(config, "c1");
        var c2 = await OpenAsync(config, "c2");
        foreach (var table in new[] { c1, c2 })
        {
            var read = (await table.ReadAllAsync(CancellationToken.None)).Version;
            Assert.True(await table.InsertRowAsync(Entry(1, SiloStatus.Dead, aliveAt: Start.AddDays(-9)), read.Next(), CancellationToken.None));
        }
        var v = (await c1.ReadAllAsync(CancellationToken.None)).Version;
        var suspected = Entry(2);
        suspected.SuspectTimes = [Tuple.Create(Silo(1), Start)];
        Assert.True(await c1.InsertRowAsync(suspected, v.Next(), CancellationToken.None));
        v = (await c1.ReadAllAsync(CancellationToken.None)).Version;
        Assert.True(await c1.UpdateRowAsync(suspected, v.VersionEtag, v.Next(), CancellationToken.None));

        await c1.CleanupDefunctSiloEntriesAsync(Start.AddDays(-7), CancellationToken.None);

        var left = (await c1.ReadAllAsync(CancellationToken.None)).Members.Select(m => m.Item1).ToList();
        Assert.Equal([Silo(2)], left.Select(m => m.SiloAddress));
        Assert.Equal([Tuple.Create(Silo(1), Start)], left.Single().SuspectTimes);
        Assert.Single((await c2.ReadAllAsync(CancellationToken.None)).Members); // another cluster's rows are its own
    }

    [StoreFact]
    public async Task WithoutTheOneSiloStatementTheWholeClusterCleanupRemovesOnlySilentInactiveRows()
    {
        var config = await MigratedAsync();
        await using (var database = Stores.Open(config))
            await database.StringsAsync("DELETE FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntryKey'");
        var table = await OpenAsync(config, "c1");
        var entries = new[]
        {
            Entry(1, SiloStatus.Dead, aliveAt: Start.AddDays(-9)),   // defunct
            Entry(2, SiloStatus.Active, aliveAt: Start.AddDays(-9)), // silent but active: the protocol's to judge
            Entry(3, SiloStatus.Dead, aliveAt: Start),               // recently dead: kept for a while
        };
        foreach (var entry in entries)
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

        await table.CleanupDefunctSiloEntriesAsync(Start.AddDays(-7), CancellationToken.None);

        var left = (await table.ReadAllAsync(CancellationToken.None)).Members.Select(m => m.Item1.SiloAddress).Order();
        Assert.Equal([Silo(2), Silo(3)], left);
    }

    private static readonly DateTime Start = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static SiloAddress Silo(int n) => SiloAddress.New(IPAddress.Loopback, 11_110 + n, 7);

    private static MembershipEntry Entry(int n, SiloStatus status = SiloStatus.Active, DateTime? aliveAt = null) => new()
    {
        SiloAddress = Silo(n),
        SiloName = $"silo-{n}",
        HostName = "localhost",
        Status = status,
        ProxyPort = 30_000 + n,
        StartTime = (aliveAt ?? Start).AddHours(-1),
        IAmAliveTime = aliveAt ?? Start,
    };

    /// <summary>A fresh schema our migrator has made, as a silo's start would.</summary>
    private static async Task<StoreConfig> MigratedAsync()
    {
        var config = Stores.Fresh(Stores.Postgres);
        await using var database = Stores.Open(config);
        await new Migrator(database, [], TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        return config;
    }

    private static async Task<IMembershipTable> OpenAsync(StoreConfig config, string clusterId)
    {
        IMembershipTable table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = config.ServiceId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = config.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);
        return table;
    }
}
