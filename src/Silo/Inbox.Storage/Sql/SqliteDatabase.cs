using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Inbox.Storage;

/// <summary>The embedded default: one file, WAL journal, synchronous=FULL so a commit survives power loss.</summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly ILogger? _logger;
    private WalCheckpointer? _checkpointer;
    private bool _disposed;

    public SqliteDatabase(string connectionString, ILogger<SqliteDatabase>? logger = null)
    {
        _logger = logger;
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory) Directory.CreateDirectory(directory);
        _connectionString = builder.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    internal override bool ErrorAbortsTransaction => false;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    internal override async ValueTask<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        // The writer touches every hot index page: keep them in its own cache (64 MiB) and read the
        // rest through a memory map, instead of copying pages out of the OS cache on every miss.
        // It leaves checkpoints to a thread of its own (WalCheckpointer), and when the WAL starts over after
        // a burst (a long read can hold it back) the file shrinks back to 128 MiB, twice what steady load needs.
        Execute((SqliteConnection)connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824; " +
            "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=134217728;");
        lock (_connectionString)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _checkpointer ??= new WalCheckpointer(_connectionString, _logger);
        }
        return connection;
    }

    internal override Statements CreateStatements(DbConnection connection) => new SqliteStatements((SqliteConnection)connection);

    internal override void Committed() => _checkpointer?.Committed();

    public override void Bind(DbCommand command, IReadOnlyList<object?> args)
    {
        var parameters = ((SqliteCommand)command).Parameters;
        if (parameters.Count == args.Count)
        {
            for (var i = 0; i < args.Count; i++) parameters[i].Value = Value(args[i]);
            return;
        }
        parameters.Clear();
        for (var i = 0; i < args.Count; i++) parameters.AddWithValue("$" + (i + 1), Value(args[i]));
    }

    private static object Value(object? arg) => arg is null or SqlNull ? DBNull.Value : arg;

    public override ValueTask DisposeAsync()
    {
        lock (_connectionString) _disposed = true;
        Interlocked.Exchange(ref _checkpointer, null)?.Dispose();
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
