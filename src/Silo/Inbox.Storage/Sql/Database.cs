using System.Data.Common;

namespace Inbox.Storage;

/// <summary>One SQL dialect: connections, positional parameters and what an error does to a transaction.</summary>
public abstract class Database : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    /// <summary>Migration scripts are chosen by this suffix: <c>0001_name.sqlite.sql</c>, <c>0001_name.postgres.sql</c>.</summary>
    public string Dialect => Provider == StorageProvider.Sqlite ? "sqlite" : "postgres";

    /// <summary>Whether a failed statement poisons the whole transaction (PostgreSQL) or only itself (SQLite).</summary>
    internal abstract bool ErrorAbortsTransaction { get; }

    /// <summary>A pooled connection for reads and short work.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>The connection the group committer keeps, set up for durable commits.</summary>
    internal abstract ValueTask<DbConnection> OpenWriterAsync(CancellationToken cancellationToken);

    /// <summary>The group committer's statements on its connection, prepared once each.</summary>
    internal virtual Statements CreateStatements(DbConnection connection) => new CommandStatements(this, connection);

    /// <summary>Called by the group committer on its thread after each commit.</summary>
    internal virtual void Committed()
    {
    }

    /// <summary>Binds <c>$1…$n</c>.</summary>
    public abstract void Bind(DbCommand command, IReadOnlyList<object?> args);

    public string SqlFor(SqlWrite write) => Provider == StorageProvider.Postgres && write.Postgres is not null ? write.Postgres : write.Sql;

    public abstract ValueTask DisposeAsync();
}
