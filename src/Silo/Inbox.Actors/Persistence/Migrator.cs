using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Inbox.Actors;

/// <summary>
/// An assembly whose embedded resources <c>migrations/NNNN_name.{sqlite|postgres}.sql</c> hold schema
/// steps. The runtime's come first, then the domain's, each in number order.
/// </summary>
public sealed record MigrationSource(Assembly Assembly)
{
    public string Name => Assembly.GetName().Name!;

    internal IEnumerable<(string Id, string Sql)> Scripts(string dialect) => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith($".{dialect}.sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(n => ($"{Name}/{n["migrations/".Length..^$".{dialect}.sql".Length]}", Read(n)));

    private string Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource)!;
        return new StreamReader(stream).ReadToEnd();
    }
}

/// <summary>Applies the numbered scripts not yet recorded, in one transaction, under a lock other silos wait on.</summary>
public sealed class Migrator(Database database, IEnumerable<MigrationSource> sources, TimeProvider time, ILogger<Migrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Provider == StorageProvider.Postgres)
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(727001)", cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken);

        var applied = new HashSet<string>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id FROM schema_migrations";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        }

        var ordered = sources.Distinct().OrderBy(s => s.Assembly == typeof(Migrator).Assembly ? 0 : 1);
        foreach (var (id, sql) in ordered.SelectMany(s => s.Scripts(database.Dialect)))
        {
            if (applied.Contains(id)) continue;
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)";
            database.Bind(record, [id, time.GetUtcNow().ToString("O")]);
            await record.ExecuteNonQueryAsync(cancellationToken);
            logger.MigrationApplied(id);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
