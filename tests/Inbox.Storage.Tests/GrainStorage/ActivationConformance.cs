using Orleans.TestingHost;

namespace Inbox.Storage.Tests.GrainStorage;

/// <summary>Grains on our storage as Orleans runs them: activations, deactivations, stale activations.</summary>
public abstract class ActivationConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ASecondActivationAfterDeactivationReadsWhatTheFirstWrote()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var grain = Counter(cluster, "counter", Silos.Key());
        await grain.Write(5);
        var first = await grain.Activation();

        await cluster.DeactivateAsync(grain);

        Assert.Equal(5, await grain.Read());
        Assert.NotEqual(first, await grain.Activation());
    }

    [StoreFact]
    public async Task AStaleActivationsWriteThrowsInconsistentStateAndItsNextActivationReloads()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var key = Silos.Key();
        var grain = Counter(cluster, "counter", key);
        await grain.Write(1);
        await WriteUnderneathAsync(cluster, key, 2);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Write(3));

        // Orleans deactivates an activation whose write was stale; the next call reads what is stored.
        await Eventually.True(async () => await grain.Read() == 2, "a new activation read the stored state");
    }

    [StoreFact]
    public async Task AStaleActivationsClearThrowsInconsistentState()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var key = Silos.Key();
        var grain = Counter(cluster, "counter", key);
        await grain.Write(1);
        await WriteUnderneathAsync(cluster, key, 2);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Clear());
    }

    [StoreFact]
    public async Task TwoGrainTypesWithOneKeyKeepTheirOwnState()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var key = Silos.Key();
        await Counter(cluster, "counter", key).Write(1);
        await Counter(cluster, "counter-b", key).Write(2);

        await cluster.DeactivateAsync(Counter(cluster, "counter", key));
        await cluster.DeactivateAsync(Counter(cluster, "counter-b", key));

        Assert.Equal(1, await Counter(cluster, "counter", key).Read());
        Assert.Equal(2, await Counter(cluster, "counter-b", key).Read());
    }

    [StoreFact]
    public async Task ManyGrainsWritingAtOnceShareCommitsAndEveryWriteLands()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var committer = cluster.Service<GroupCommitter>();
        var grains = Enumerable.Range(0, 300).Select(i => Counter(cluster, "counter", $"many-{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Read())); // activated first, so the writes below arrive together
        var before = committer.Transactions;

        await Task.WhenAll(grains.Select((g, i) => g.Write(i)));

        Assert.True(committer.Transactions - before < grains.Length, $"{committer.Transactions - before} commits for {grains.Length} writes");
        await Task.WhenAll(grains.Select(g => cluster.DeactivateAsync(g)));
        Assert.Equal(Enumerable.Range(0, grains.Length), await Task.WhenAll(grains.Select(g => g.Read())));
    }

    // Another writer (a second activation elsewhere, an operator) moves the stored version on.
    private static async Task WriteUnderneathAsync(InProcessTestCluster cluster, string key, int value)
    {
        var other = GrainStorageConformance.State();
        var id = GrainStorageConformance.Counter(key);
        await cluster.Storage().ReadStateAsync("counter", id, other);
        other.State!.Value = value;
        await cluster.Storage().WriteStateAsync("counter", id, other);
    }

    internal static ICounterGrain Counter(InProcessTestCluster cluster, string type, string key) =>
        cluster.Client.GetGrain(GrainId.Create(type, key)).AsReference<ICounterGrain>();
}

public sealed class SqliteActivations : ActivationConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresActivations : ActivationConformance
{
    protected override string Store => Stores.Postgres;
}
