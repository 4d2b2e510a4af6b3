namespace Inbox.Storage.Tests.GrainStorage;

/// <summary>
/// Rows are keyed by the whole grain id as text: what Orleans' ADO.NET storage gets wrong
/// (dotnet/orleans #8746, #9737, #9706) stays apart here, and rows the old runtime wrote keep their owners.
/// </summary>
public abstract class GrainKeyConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task TwoGrainTypesWithOneKeyAndOneStateNameDoNotCollide()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var key = Silos.Key();
        await AllLandAsync(cluster, [GrainId.Create("counter", key), GrainId.Create("counter-b", key)]);
    }

    [StoreFact]
    public async Task KeysMadeOfHexDigitsDoNotCollide()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        await AllLandAsync(cluster, [GrainStorageConformance.Counter("20235"), GrainStorageConformance.Counter("020235"), GrainStorageConformance.Counter("0x20235"), GrainStorageConformance.Counter("2023500")]);
    }

    [StoreFact]
    public async Task StateTheOldRuntimeWroteReadsBack()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var store = cluster.Service<StateStore>();
        var key = Silos.Key();
        // The row as Inbox.Actors wrote it: type and key as text, System.Text.Json with web defaults.
        await store.CommitAsync([StateRows.Write(store.ServiceId, "counter", key, "counter", """{"value":42}""", null, 0)]);

        Assert.Equal(42, await ActivationConformance.Counter(cluster, "counter", key).Read());
    }

    private static async Task AllLandAsync(Orleans.TestingHost.InProcessTestCluster cluster, GrainId[] ids)
    {
        var storage = cluster.Storage();
        for (var i = 0; i < ids.Length; i++) await storage.WriteStateAsync("counter", ids[i], GrainStorageConformance.State(i + 1));
        for (var i = 0; i < ids.Length; i++)
        {
            var read = GrainStorageConformance.State();
            await storage.ReadStateAsync("counter", ids[i], read);
            Assert.Equal(i + 1, read.State!.Value);
        }
    }
}

public sealed class SqliteGrainKeys : GrainKeyConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresGrainKeys : GrainKeyConformance
{
    protected override string Store => Stores.Postgres;
}
