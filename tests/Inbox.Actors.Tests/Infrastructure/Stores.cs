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
                ? Requirements.PostgresOrFail
                : $"Data Source={sqlitePath ?? TempSqlitePath()}",
        };
        if (maxBatch is { } batch) config["Inbox:Storage:MaxBatch"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return config;
    }

    public static string TempSqlitePath() => Path.Combine(Path.GetTempPath(), "inbox-tests", Guid.NewGuid().ToString("N") + ".db");
}
