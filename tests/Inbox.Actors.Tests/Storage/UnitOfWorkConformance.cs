using System.Data.Common;

namespace Inbox.Actors.Tests.Storage;

/// <summary>A grain's state and its domain rows commit together or not at all, each unit on its own.</summary>
public abstract class UnitOfWorkConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task StateAndDomainRowsCommitTogether()
    {
        await using var cluster = await StartAsync();
        var state = StateStorageConformance.State(cluster, Silos.Key());
        state.State.Value = 1;

        await state.WriteStateAsync(new UnitOfWork().Add(Row(cluster, "a")).Add(Row(cluster, "b")));

        Assert.Equal(["a", "b"], await RowsAsync(cluster));
    }

    [StoreFact]
    public async Task AStaleStateWriteLeavesNoDomainRows()
    {
        await using var cluster = await StartAsync();
        var key = Silos.Key();
        var stale = StateStorageConformance.State(cluster, key);
        await stale.WriteStateAsync();
        var fresh = StateStorageConformance.State(cluster, key);
        await fresh.ReadStateAsync();
        await fresh.WriteStateAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            stale.WriteStateAsync(new UnitOfWork().Add(Row(cluster, "never"))));

        Assert.Empty(await RowsAsync(cluster));
    }

    [StoreFact]
    public async Task AFailedRowCheckUndoesOnlyItsOwnUnit()
    {
        await using var cluster = await StartAsync();
        var store = cluster.Service<StateStore>();
        var duplicate = new SqlWrite("UPDATE uow_rows SET id = id WHERE service_id = $1 AND id = 'missing'", ServiceId(cluster))
        {
            ExpectedRows = 1,
            Unexpected = () => new DuplicateException(),
        };

        var units = Enumerable.Range(0, 50).Select(i => i == 25
            ? store.CommitAsync([Row(cluster, "doomed-1"), Row(cluster, "doomed-2"), duplicate])
            : store.CommitAsync([Row(cluster, $"ok-{i:00}")])).ToArray();

        await Assert.ThrowsAsync<DuplicateException>(() => units[25]);
        await Task.WhenAll(units.Where((_, i) => i != 25));
        var rows = await RowsAsync(cluster);
        Assert.Equal(49, rows.Count);
        Assert.DoesNotContain("doomed-1", rows);
    }

    [StoreFact]
    public async Task AStatementErrorFailsOnlyItsOwnUnit()
    {
        await using var cluster = await StartAsync();
        var store = cluster.Service<StateStore>();
        await store.CommitAsync([Row(cluster, "taken")]);

        // Units 10 (one statement) and 30 (several) break the primary key; the rest are fine.
        var units = Enumerable.Range(0, 40).Select(i => i switch
        {
            10 => store.CommitAsync([Row(cluster, "taken")]),
            30 => store.CommitAsync([Row(cluster, "partial"), Row(cluster, "taken")]),
            _ => store.CommitAsync([Row(cluster, $"ok-{i:00}")]),
        }).ToArray();

        await Assert.ThrowsAnyAsync<DbException>(() => units[10]);
        await Assert.ThrowsAnyAsync<DbException>(() => units[30]);
        await Task.WhenAll(units.Where((_, i) => i is not 10 and not 30));
        var rows = await RowsAsync(cluster);
        Assert.Equal(39, rows.Count);
        Assert.DoesNotContain("partial", rows);
    }

    private sealed class DuplicateException() : Exception("duplicate");

    private async Task<Testing.TestCluster> StartAsync()
    {
        var cluster = await Silos.StartAsync(Stores.Configuration(Store));
        await using var connection = await cluster.Service<Database>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS uow_rows (service_id TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (service_id, id))";
        await command.ExecuteNonQueryAsync();
        return cluster;
    }

    private static string ServiceId(Testing.TestCluster cluster) =>
        cluster.Service<Microsoft.Extensions.Options.IOptions<ActorsOptions>>().Value.ServiceId;

    private static SqlWrite Row(Testing.TestCluster cluster, string id) =>
        new("INSERT INTO uow_rows (service_id, id) VALUES ($1, $2)", ServiceId(cluster), id);

    private static async Task<List<string>> RowsAsync(Testing.TestCluster cluster)
    {
        var database = cluster.Service<Database>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM uow_rows WHERE service_id = $1 ORDER BY id";
        database.Bind(command, [ServiceId(cluster)]);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
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
