namespace Inbox.Storage.Tests.GrainStorage;

/// <summary>Our <see cref="IGrainStorage"/> called as Orleans' state bridge calls it, on each store.</summary>
public abstract class GrainStorageConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AWriteReadsBackWithItsEtagUnderAUnicodeKey()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var id = Counter("Счётчик/ключ-1");
        var written = State(42);
        await cluster.Storage().WriteStateAsync("counter", id, written);

        var read = State();
        await cluster.Storage().ReadStateAsync("counter", id, read);

        Assert.Equal(42, read.State!.Value);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
    }

    [StoreFact]
    public async Task AMissingRecordReadsAsANewStateWithNoEtag()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var read = new GrainState<CounterState>();
        await cluster.Storage().ReadStateAsync("counter", Counter(Silos.Key()), read);

        Assert.NotNull(read.State);
        Assert.Equal(0, read.State.Value);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [StoreFact]
    public async Task TheFirstWriteInsertsAndAnotherFirstWriteOfTheSameRecordConflicts()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var id = Counter(Silos.Key());
        var first = State(1);
        await cluster.Storage().WriteStateAsync("counter", id, first);

        Assert.Equal("1", first.ETag);
        Assert.True(first.RecordExists);
        await Assert.ThrowsAsync<InconsistentStateException>(() => cluster.Storage().WriteStateAsync("counter", id, State(2)));
    }

    [StoreFact]
    public async Task AWriteOverAStaleEtagConflictsAndChangesNothing()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var storage = cluster.Storage();
        var id = Counter(Silos.Key());
        var stale = State(1);
        await storage.WriteStateAsync("counter", id, stale);
        var fresh = State();
        await storage.ReadStateAsync("counter", id, fresh);
        fresh.State!.Value = 2;
        await storage.WriteStateAsync("counter", id, fresh);

        stale.State!.Value = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, stale));

        var check = State();
        await storage.ReadStateAsync("counter", id, check);
        Assert.Equal(2, check.State!.Value);
    }

    [StoreFact]
    public async Task AClearOverAStaleEtagConflicts()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var storage = cluster.Storage();
        var id = Counter(Silos.Key());
        var stale = State(1);
        await storage.WriteStateAsync("counter", id, stale);
        var fresh = State();
        await storage.ReadStateAsync("counter", id, fresh);
        await storage.WriteStateAsync("counter", id, fresh);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", id, stale));
    }

    [StoreFact]
    public async Task AClearedRecordReadsAsNewAndAWriteAfterTheClearLands()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var storage = cluster.Storage();
        var id = Counter(Silos.Key());
        var state = State(7);
        await storage.WriteStateAsync("counter", id, state);
        var before = state.ETag;

        await storage.ClearStateAsync("counter", id, state);
        Assert.NotEqual(before, state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Value);
        var read = State();
        await storage.ReadStateAsync("counter", id, read);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);

        state.State.Value = 8;
        await storage.WriteStateAsync("counter", id, state);
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal(8, read.State!.Value);
    }

    [StoreFact]
    public async Task TheEtagChangesOnEveryWriteEvenWithTheSameValue()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var (storage, id, state) = (cluster.Storage(), Counter(Silos.Key()), State(5));
        await storage.WriteStateAsync("counter", id, state);
        var first = state.ETag;

        await storage.WriteStateAsync("counter", id, state);

        Assert.NotEqual(first, state.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, new GrainState<CounterState>(new CounterState { Value = 5 }, first)));
    }

    [StoreFact]
    public async Task AClearBeforeAnyWriteIsHarmlessAndLeavesNoRecord()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var (storage, id, state) = (cluster.Storage(), Counter(Silos.Key()), State());

        await storage.ClearStateAsync("counter", id, state);

        Assert.Null(state.ETag);
        var read = State();
        await storage.ReadStateAsync("counter", id, read);
        Assert.False(read.RecordExists);
        await storage.WriteStateAsync("counter", id, State(3)); // and a first write after it still inserts
    }

    internal static GrainId Counter(string key) => GrainId.Create("counter", key);

    internal static GrainState<CounterState> State(int value = 0) => new(new CounterState { Value = value });
}

public sealed class SqliteGrainStorage : GrainStorageConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresGrainStorage : GrainStorageConformance
{
    protected override string Store => Stores.Postgres;
}
