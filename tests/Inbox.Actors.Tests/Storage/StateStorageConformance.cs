namespace Inbox.Actors.Tests.Storage;

/// <summary>The contract of version-checked grain state, run against each store.</summary>
public abstract class StateStorageConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AWriteReadsBackUnderAUnicodeKey()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var written = State(cluster, "Счётчик/ключ-1");
        written.State.Value = 42;
        await written.WriteStateAsync();

        var read = State(cluster, "Счётчик/ключ-1");
        await read.ReadStateAsync();

        Assert.Equal(42, read.State.Value);
        Assert.True(read.RecordExists);
        Assert.Equal(written.Etag, read.Etag);
    }

    [StoreFact]
    public async Task AMissingRecordReadsAsADefaultState()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var state = State(cluster, Silos.Key());
        await state.ReadStateAsync();

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Value);
        Assert.False(state.RecordExists);
        Assert.Null(state.Etag);
    }

    [StoreFact]
    public async Task TwoFirstWritesOfOneRecordConflict()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var key = Silos.Key();
        await State(cluster, key).WriteStateAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() => State(cluster, key).WriteStateAsync());
    }

    [StoreFact]
    public async Task AWriteOverAStaleVersionConflictsAndChangesNothing()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var key = Silos.Key();
        var first = State(cluster, key);
        first.State.Value = 1;
        await first.WriteStateAsync();
        var second = State(cluster, key);
        await second.ReadStateAsync();
        second.State.Value = 2;
        await second.WriteStateAsync();

        first.State.Value = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.WriteStateAsync());

        var check = State(cluster, key);
        await check.ReadStateAsync();
        Assert.Equal(2, check.State.Value);
    }

    [StoreFact]
    public async Task TheEtagChangesOnEveryWriteEvenWithTheSameValues()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var state = State(cluster, Silos.Key());
        var etags = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            await state.WriteStateAsync();
            etags.Add(state.Etag);
        }

        Assert.Equal(3, etags.Distinct().Count());
    }

    [StoreFact]
    public async Task ClearBeforeAnyWriteIsHarmless()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var state = State(cluster, Silos.Key());

        await state.ClearStateAsync();
        await state.ClearStateAsync();

        Assert.NotNull(state.State);
        Assert.False(state.RecordExists);
        state.State.Value = 5;
        await state.WriteStateAsync();
        Assert.True(state.RecordExists);
    }

    [StoreFact]
    public async Task WriteClearReadAndWriteClearWrite()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var key = Silos.Key();
        var state = State(cluster, key);
        state.State.Value = 7;
        await state.WriteStateAsync();
        var before = state.Etag;

        await state.ClearStateAsync();
        Assert.NotEqual(before, state.Etag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Value);

        var read = State(cluster, key);
        await read.ReadStateAsync();
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Value);

        await state.ClearStateAsync(); // clearing twice is fine
        state.State.Value = 8;
        await state.WriteStateAsync();
        await read.ReadStateAsync();
        Assert.Equal(8, read.State.Value);
    }

    [StoreFact]
    public async Task AClearOverAStaleVersionConflicts()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var key = Silos.Key();
        var first = State(cluster, key);
        await first.WriteStateAsync();
        var second = State(cluster, key);
        await second.ReadStateAsync();
        await second.WriteStateAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() => first.ClearStateAsync());
    }

    [StoreFact]
    public async Task StateNamesGrainTypesAndKeysAreSeparateRecords()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var a = State(cluster, "020235");
        var b = State(cluster, "20235");
        var c = State(cluster, "020235", stateName: "other");
        var d = State(cluster, "020235", grainType: "AnotherType");
        var all = new[] { a, b, c, d };
        for (var i = 0; i < all.Length; i++)
        {
            all[i].State.Value = i + 1;
            await all[i].WriteStateAsync();
        }

        for (var i = 0; i < all.Length; i++)
        {
            await all[i].ReadStateAsync();
            Assert.Equal(i + 1, all[i].State.Value);
        }
    }

    [StoreFact]
    public async Task ConcurrentWritesFromManyGrainsShareTransactionsAndAllLand()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        var committer = cluster.Service<GroupCommitter>();
        var transactionsBefore = committer.Transactions;
        var states = Enumerable.Range(0, 300).Select(i => State(cluster, $"many-{i}")).ToArray();
        foreach (var (state, i) in states.Select((s, i) => (s, i))) state.State.Value = i;

        await Task.WhenAll(states.Select(s => Task.Run(() => s.WriteStateAsync())));

        Assert.True(committer.Transactions - transactionsBefore < 300, "some writes should have shared a commit");
        foreach (var (state, i) in states.Select((s, i) => (s, i)))
        {
            await state.ReadStateAsync();
            Assert.Equal(i, state.State.Value);
        }
    }

    internal static PersistentState<CounterState> State(Testing.TestCluster cluster, string key, string stateName = "counter", string grainType = "Counter") =>
        new(new GrainId(grainType, key), stateName, cluster.Service<StateStore>());
}

public sealed class SqliteStateStorage : StateStorageConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresStateStorage : StateStorageConformance
{
    protected override string Store => Stores.Postgres;
}
