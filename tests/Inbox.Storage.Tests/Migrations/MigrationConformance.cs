namespace Inbox.Storage.Tests.Migrations;

/// <summary>The schema is migrated before the silo serves, once, and a database the Inbox.Actors runtime migrated is current.</summary>
public abstract class MigrationConformance
{
    private static readonly string[] StorageSteps = ["Inbox.Actors/0001_runtime", "Inbox.Actors/0002_grain_state_key", "Inbox.Actors/0006_job_leases"];

    protected abstract string Store { get; }

    /// <summary>Steps this project added since, under the same prefix; the cluster tables are PostgreSQL's alone.</summary>
    protected abstract string[] LaterSteps { get; }

    [StoreFact]
    public async Task AFreshDatabaseRecordsTheStoresStepsUnderTheirHistoricalIdsThenTheHostsOnce()
    {
        var config = Stores.Fresh(Store);
        await using (await Silos.StartAsync(config)) { }
        await using var cluster = await Silos.StartAsync(config); // a restart finds every step applied

        Assert.Equal([.. StorageSteps, .. LaterSteps, "Inbox.Storage.Tests/0001_test_rows"],
            await cluster.Service<Database>().StringsAsync("SELECT id FROM schema_migrations ORDER BY id"));
    }

    [StoreFact]
    public async Task ADatabaseTheOldRuntimeMigratedIsAcceptedWithoutRerunningItsStepsAndKeepsItsRows()
    {
        var config = Stores.Fresh(Store);
        var key = Silos.Key();
        await using (var database = Stores.Open(config))
        {
            await LayOldRuntimeSchemaAsync(database);
            // A state row as the old runtime left it, at version 4.
            var values = Store == Stores.Postgres ? "$3::jsonb, 4, now()" : "$3, 4, 0";
            await ExecuteAsync(database, $"INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, 'counter', $2, 'counter', {values})",
                config.ServiceId, key, """{"value":7}""");
        }

        await using var cluster = await Silos.StartAsync(config);

        var grain = GrainStorage.ActivationConformance.Counter(cluster, "counter", key);
        Assert.Equal(7, await grain.Read());
        await grain.Write(8); // version 4 read, so the update finds it
        var applied = await cluster.Service<Database>().StringsAsync("SELECT applied_at FROM schema_migrations WHERE id LIKE 'Inbox.Actors/%' ORDER BY id");
        Assert.Equal(["old", "old", "old"], applied.Take(StorageSteps.Length));
        Assert.Equal(LaterSteps.Length, applied.Skip(StorageSteps.Length).Count(at => at != "old"));
    }

    /// <summary>What the Inbox.Actors migrator left: its scripts applied and recorded under "Inbox.Actors/NNNN_name".</summary>
    private async Task LayOldRuntimeSchemaAsync(Database database)
    {
        await ExecuteAsync(database, "CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
        var assembly = typeof(StateStore).Assembly;
        foreach (var id in StorageSteps)
        {
            var resource = $"migrations/{id["Inbox.Actors/".Length..]}.{database.Dialect}.sql";
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"No script {resource}"));
            await ExecuteAsync(database, await reader.ReadToEndAsync());
            await ExecuteAsync(database, "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, 'old')", id);
        }
    }

    private static async Task ExecuteAsync(Database database, string sql, params object?[] args)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        database.Bind(command, args);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteMigrations : MigrationConformance
{
    protected override string Store => Stores.Sqlite;

    protected override string[] LaterSteps => ["Inbox.Actors/0031_job_lease_holder"];
}

[RequiresPostgres]
public sealed class PostgresMigrations : MigrationConformance
{
    protected override string Store => Stores.Postgres;

    protected override string[] LaterSteps => ["Inbox.Actors/0030_cluster_membership", "Inbox.Actors/0031_job_lease_holder"];
}
