namespace Inbox.Storage.Tests;

[Alias("Inbox.Storage.Tests.ILedgerGrain")]
public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>Sets the state and commits <paramref name="rows"/> with it; answers "ok" or the error's type name.</summary>
    [Alias("Write")] Task<string> Write(int value, string[] rows);

    /// <summary>A write with a row, then a plain write in the same turn: the second must carry no row.</summary>
    [Alias("WriteThenPlain")] Task<string> WriteThenPlain(int value, string row);

    /// <summary>A row the unit's own check refuses, with no error of its own (<see cref="SqlWrite.Unexpected"/> unset).</summary>
    [Alias("WriteRefused")] Task<string> WriteRefused(int value);

    /// <summary>A plain write left waiting, then a write with a row: Orleans must not merge the two.</summary>
    [Alias("PendingThenRows")] Task<string> PendingThenRows(int value, string row);

    [Alias("Read")] Task<int> Read();
}

/// <summary>
/// Commits its state with rows of <c>uow_rows</c> (unique per id) and <c>uow_log</c> (any number). It answers
/// with the error's type name instead of throwing, so the test sees the exception the grain saw, not its wire copy.
/// </summary>
[GrainType("ledger")]
public sealed class LedgerGrain([PersistentState("ledger")] IPersistentState<CounterState> state, StateStore store) : Grain, ILedgerGrain
{
    public Task<string> Write(int value, string[] rows)
    {
        var work = new UnitOfWork();
        foreach (var row in rows) work.Add(Row(row)).Add(Log(row));
        return Outcome(value, work);
    }

    public async Task<string> WriteThenPlain(int value, string row)
    {
        var first = await Outcome(value, new UnitOfWork().Add(Log(row)));
        return first != "ok" ? first : await Outcome(value + 1, new UnitOfWork());
    }

    public Task<string> WriteRefused(int value) => Outcome(value, new UnitOfWork()
        .Add(Log("refused"))
        .Add(new SqlWrite("UPDATE uow_rows SET id = id WHERE service_id = $1 AND id = 'missing'", store.ServiceId) { ExpectedRows = 1 }));

    public async Task<string> PendingThenRows(int value, string row)
    {
        var pending = state.WriteStateAsync();
        var outcome = await Outcome(value, new UnitOfWork().Add(Log(row)));
        await pending;
        return outcome;
    }

    public Task<int> Read() => Task.FromResult(state.State.Value);

    private async Task<string> Outcome(int value, UnitOfWork work)
    {
        var before = state.State.Value;
        state.State.Value = value;
        try
        {
            await state.WriteStateAsync(work);
            return "ok";
        }
        catch (Exception error)
        {
            state.State.Value = before;
            return error.GetType().Name;
        }
    }

    private SqlWrite Row(string id) => new("INSERT INTO uow_rows (service_id, id) VALUES ($1, $2)", store.ServiceId, id);

    private SqlWrite Log(string id) => new("INSERT INTO uow_log (service_id, id) VALUES ($1, $2)", store.ServiceId, id);
}
