namespace Inbox.Benchmarks;

internal static class Schemas
{
    /// <summary>A connection string on a new, empty schema, so each run starts with empty tables.</summary>
    public static string Fresh(string connectionString)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
        using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE SCHEMA {schema}";
            command.ExecuteNonQuery();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }
}
