using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Inbox.Storage;

/// <summary>
/// Applies the numbered scripts not yet recorded in <c>schema_migrations</c>, in one transaction,
/// under a lock other silos wait on: this project's first, then each host's, each in number order.
/// The table and its ids are the ones the Inbox.Actors runtime kept, so a database it migrated is current.
/// </summary>
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

        // This project's steps only ever under their historical ids, however a host registered them.
        var ordered = sources.Where(s => s.Assembly != MigrationSource.Storage.Assembly).Prepend(MigrationSource.Storage).Distinct();
        foreach (var (id, sql) in ordered.SelectMany(s => s.Scripts(database.Dialect)))
        {
            if (!applied.Add(id)) continue;
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
