using System.Data.Common;

namespace Inbox.Storage.Tests.UnitsOfWork;

/// <summary>A grain's state and its domain rows commit together or not at all, each unit on its own.</summary>
public abstract class UnitOfWorkConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task StateAndDomainRowsCommitTogether()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var grain = cluster.Client.GetGrain<ILedgerGrain>(Silos.Key());

        Assert.Equal("ok", await grain.Write(1, ["a", "b"]));

        Assert.Equal(["a", "b"], await cluster.DomainRowsAsync());
        await cluster.DeactivateAsync(grain);
        Assert.Equal(1, await grain.Read());
    }

    [StoreFact]
    public async Task AUniqueViolationRollsTheStateBackAndSurfacesAsTheDatabasesError()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var grain = cluster.Client.GetGrain<ILedgerGrain>(Silos.Key());
        Assert.Equal("ok", await grain.Write(1, ["taken"]));

        var outcome = await grain.Write(2, ["fresh", "taken"]);

        Assert.Equal(Store == Stores.Sqlite ? "SqliteException" : "PostgresException", outcome);
        Assert.Equal(["taken"], await cluster.DomainRowsAsync());
        Assert.Equal(["taken"], await cluster.DomainRowsAsync("uow_log"));
        await cluster.DeactivateAsync(grain);
        Assert.Equal(1, await grain.Read());
        Assert.Equal("ok", await grain.Write(3, ["after"])); // its version did not move: the next write is not stale
    }

    [StoreFact]
    public async Task ARowCheckThatFailsSurfacesAsUnexpectedRowsNotAsInconsistentState()
    {
        var logs = new RecordedLogs();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), logs: logs);
        var grain = cluster.Client.GetGrain<ILedgerGrain>(Silos.Key());

        Assert.Equal(nameof(UnexpectedRowsException), await grain.WriteRefused(1));

        Assert.Empty(await cluster.DomainRowsAsync("uow_log"));
        // A row check's refusal is the grain's answer, not a storage failure: Orleans' state bridge must not log it as one.
        Assert.Empty(logs.AtLeast(Microsoft.Extensions.Logging.LogLevel.Error));
        Assert.Equal("ok", await grain.Write(2, ["after"]));
    }

    [StoreFact]
    public async Task TheRowsOfAWriteDoNotRideAlongTheNextPlainWrite()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var grain = cluster.Client.GetGrain<ILedgerGrain>(Silos.Key());

        Assert.Equal("ok", await grain.WriteThenPlain(1, "once"));
        Assert.Equal("ok", await grain.Write(3, []));

        Assert.Equal(["once"], await cluster.DomainRowsAsync("uow_log"));
        await cluster.DeactivateAsync(grain);
        Assert.Equal(3, await grain.Read());
    }

    [StoreFact]
    public async Task AWriteWithRowsIsNotMergedIntoAnEarlierWriteStillWaiting()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var grain = cluster.Client.GetGrain<ILedgerGrain>(Silos.Key());

        Assert.Equal("ok", await grain.PendingThenRows(1, "own"));

        Assert.Equal(["own"], await cluster.DomainRowsAsync("uow_log"));
    }

    [StoreFact]
    public async Task OfferedRowsAreTakenByOneWriteOnlyEvenWhenTheContextFlowsIntoASecond()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var store = cluster.Service<StateStore>();
        var id = GrainId.Create("ledger", Silos.Key());
        var state = new GrainState<CounterState>(new CounterState());
        var rows = new PendingRows([new SqlWrite("INSERT INTO uow_log (service_id, id) VALUES ($1, 'once')", store.ServiceId)], new CancellationTokenSource());

        // Both writes start inside the offer, as a write Orleans starts from the first one's context would.
        using (UnitOfWorkChannel.Offer(rows))
        {
            await cluster.Storage().WriteStateAsync("ledger", id, state);
            await cluster.Storage().WriteStateAsync("ledger", id, state);
        }
        await cluster.Storage().WriteStateAsync("ledger", id, state);

        Assert.True(rows.Taken);
        Assert.Equal(["once"], await cluster.DomainRowsAsync("uow_log"));
        Assert.Equal("3", state.ETag);
    }

    [StoreFact]
    public async Task AStaleStateLeavesNoDomainRowsAndSurfacesAsInconsistentState()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<ILedgerGrain>(key);
        Assert.Equal("ok", await grain.Write(1, []));
        var other = new GrainState<CounterState>();
        await cluster.Storage().ReadStateAsync("ledger", GrainId.Create("ledger", key), other);
        await cluster.Storage().WriteStateAsync("ledger", GrainId.Create("ledger", key), other);

        Assert.Equal(nameof(InconsistentStateException), await grain.Write(2, ["never"]));

        Assert.Empty(await cluster.DomainRowsAsync());
    }

    [StoreFact]
    public async Task CommitsWithoutStateShareTransactionsAndAFailingUnitFailsOnlyItself()
    {
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store));
        var store = cluster.Service<StateStore>();
        var committer = cluster.Service<GroupCommitter>();
        await store.CommitAsync([Row(store, "taken")]);
        var before = committer.Transactions;

        // Unit 10 (one statement) and unit 30 (several) break the primary key; unit 20's own check fails.
        var units = Enumerable.Range(0, 200).Select(i => i switch
        {
            10 => store.CommitAsync([Row(store, "taken")]),
            20 => store.CommitAsync([Row(store, "checked"), new SqlWrite("UPDATE uow_rows SET id = id WHERE id = 'missing'") { ExpectedRows = 1 }]),
            30 => store.CommitAsync([Row(store, "partial"), Row(store, "taken")]),
            _ => Task.Run(() => store.CommitAsync([Row(store, $"ok-{i:000}")])),
        }).ToArray();

        await Assert.ThrowsAnyAsync<DbException>(() => units[10]);
        await Assert.ThrowsAsync<UnexpectedRowsException>(() => units[20]);
        await Assert.ThrowsAnyAsync<DbException>(() => units[30]);
        await Task.WhenAll(units.Where((_, i) => i is not 10 and not 20 and not 30));
        var rows = await cluster.DomainRowsAsync();
        Assert.Equal(198, rows.Count);
        Assert.DoesNotContain("partial", rows);
        Assert.DoesNotContain("checked", rows);
        Assert.True(committer.Transactions - before < 200, "some units should have shared a commit");
    }

    private static SqlWrite Row(StateStore store, string id) => new("INSERT INTO uow_rows (service_id, id) VALUES ($1, $2)", store.ServiceId, id);
}

public sealed class SqliteUnitOfWork : UnitOfWorkConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresUnitOfWork : UnitOfWorkConformance
{
    protected override string Store => Stores.Postgres;
}
