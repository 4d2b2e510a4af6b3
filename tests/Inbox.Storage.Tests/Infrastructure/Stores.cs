namespace Inbox.Storage.Tests;

/// <summary>One test's store: settings for a fresh database (a new SQLite file, a new PostgreSQL schema) and a service id of its own.</summary>
public sealed record StoreConfig(string Store, Dictionary<string, string?> Settings, string ServiceId)
{
    public string ConnectionString => Settings["ConnectionStrings:Inbox"]!;
}

/// <summary>The two stores every storage test runs against.</summary>
public static class Stores
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static StoreConfig Fresh(string store, int? maxBatch = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inbox:Storage:Provider"] = store,
            ["ConnectionStrings:Inbox"] = store == Postgres ? FreshPostgresSchema() : $"Data Source={TempSqlitePath()}",
            // Short polls, so a due job shows within a test's patience even on the real clock.
            ["Inbox:Jobs:PollInterval"] = "00:00:00.200",
        };
        if (maxBatch is { } batch) settings["Inbox:Storage:MaxBatch"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new StoreConfig(store, settings, "test-" + Guid.NewGuid().ToString("N")[..12]);
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

    public static string TempSqlitePath() => Path.Combine(Path.GetTempPath(), "inbox-storage-tests", Guid.NewGuid().ToString("N") + ".db");

    /// <summary>The database of <paramref name="config"/> without a silo, for looking at rows or laying old ones.</summary>
    public static Database Open(StoreConfig config) => config.Store == Postgres
        ? new PostgresDatabase(config.ConnectionString)
        : new SqliteDatabase(config.ConnectionString);
}
