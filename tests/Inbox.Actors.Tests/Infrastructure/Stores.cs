namespace Inbox.Actors.Tests;

/// <summary>The two stores every storage test runs against, each test on a fresh service id.</summary>
public static class Stores
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static Dictionary<string, string?> Configuration(string store, string? sqlitePath = null, int? maxBatch = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Inbox:Actors:ServiceId"] = "test-" + Guid.NewGuid().ToString("N")[..12],
            ["Inbox:Storage:Provider"] = store,
            ["ConnectionStrings:Inbox"] = store == Postgres
                ? FreshPostgresSchema()
                : $"Data Source={sqlitePath ?? TempSqlitePath()}",
        };
        if (maxBatch is { } batch) config["Inbox:Storage:MaxBatch"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return config;
    }

    /// <summary>A new, empty schema in the test database, so each test has tables of its own (as with a fresh SQLite file).</summary>
    public static string FreshPostgresSchema()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new Npgsql.NpgsqlConnection(Requirements.PostgresOrFail))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE SCHEMA {schema}";
            command.ExecuteNonQuery();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(Requirements.PostgresOrFail) { SearchPath = schema }.ConnectionString;
    }

    public static string TempSqlitePath() => Path.Combine(Path.GetTempPath(), "inbox-tests", Guid.NewGuid().ToString("N") + ".db");
}
