namespace Inbox.Storage.Tests;

/// <summary>Reads a test's rows straight from its database, as an operator would look.</summary>
public static class RowReads
{
    public static async Task<List<string>> StringsAsync(this Database database, string sql, params object?[] args)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        database.Bind(command, args);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetValue(0).ToString()!);
        return rows;
    }

    public static async Task<long> CountAsync(this Database database, string sql, params object?[] args) =>
        long.Parse((await database.StringsAsync(sql, args)).Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The domain rows of the unit-of-work tables for this test's service.</summary>
    public static Task<List<string>> DomainRowsAsync(this Orleans.TestingHost.InProcessTestCluster cluster, string table = "uow_rows")
    {
        var store = cluster.Service<StateStore>();
        return store.Database.StringsAsync($"SELECT id FROM {table} WHERE service_id = $1 ORDER BY id", store.ServiceId);
    }
}
