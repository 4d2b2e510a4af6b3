using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>
/// The one writer. Units of work from many activations queue here; each pass takes every unit
/// waiting (up to <see cref="StorageOptions.MaxBatch"/>) and commits them in one transaction, so
/// one fsync covers them all. Each unit keeps its own outcome: a unit whose row-count check fails,
/// or whose statement throws, is undone alone (a savepoint where it has several statements) and
/// its caller gets the error while the others commit.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    private readonly Channel<PendingUnit> _queue = Channel.CreateUnbounded<PendingUnit>(new() { SingleReader = true });
    private readonly Database _database;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly Dictionary<string, DbCommand> _commands = [];
    private Task? _loop;
    private long _transactions;
    private long _units;

    public GroupCommitter(Database database, IOptions<StorageOptions> options, ILogger<GroupCommitter> logger)
    {
        _database = database;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
    }

    /// <summary>Transactions committed so far; with <see cref="Units"/>, how well commits are shared.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    public long Units => Interlocked.Read(ref _units);

    /// <summary>Commits, in one transaction shared with other callers, or throws the unit's own error.</summary>
    public Task CommitAsync(IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var unit = new PendingUnit(writes);
        if (!_queue.Writer.TryWrite(unit)) throw new ObjectDisposedException(nameof(GroupCommitter), "Storage is shut down.");
        _loop ??= StartLoop();
        return unit.Completion.Task;
    }

    private Task StartLoop()
    {
        lock (_queue) return _loop ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        DbConnection? connection = null;
        var batch = new List<PendingUnit>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var unit)) batch.Add(unit);
            try
            {
                connection ??= await _database.OpenWriterAsync(CancellationToken.None);
                await CommitBatchAsync(connection, batch);
            }
            catch (Exception error)
            {
                // The connection or the commit failed: none of these units is durable. Start afresh next time.
                _logger.GroupCommitFailed(batch.Count, error);
                foreach (var unit in batch) unit.Completion.TrySetException(error);
                await ResetAsync(connection);
                connection = null;
            }
            batch.Clear();
        }
        await ResetAsync(connection);
    }

    private async Task ResetAsync(DbConnection? connection)
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
        if (connection is not null) await connection.DisposeAsync();
    }

    private async Task CommitBatchAsync(DbConnection connection, List<PendingUnit> batch)
    {
        while (batch.Count > 0)
        {
            var errors = new Exception?[batch.Count];
            var poisoned = -1;
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                for (var i = 0; i < batch.Count && poisoned < 0; i++)
                {
                    var outcome = await RunUnitAsync(connection, transaction, batch[i]);
                    errors[i] = outcome.Error;
                    if (outcome.Poisoned) poisoned = i;
                }
                if (poisoned < 0)
                {
                    await transaction.CommitAsync();
                    Interlocked.Increment(ref _transactions);
                    Interlocked.Add(ref _units, batch.Count);
                }
            }

            if (poisoned >= 0)
            {
                // A statement error aborted the whole transaction: fail that unit, redo the rest.
                batch[poisoned].Completion.TrySetException(errors[poisoned]!);
                batch.RemoveAt(poisoned);
                continue;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                if (errors[i] is { } error) batch[i].Completion.TrySetException(error);
                else batch[i].Completion.TrySetResult();
            }
            return;
        }
    }

    private async Task<(Exception? Error, bool Poisoned)> RunUnitAsync(DbConnection connection, DbTransaction transaction, PendingUnit unit)
    {
        // A single statement needs no savepoint: if its check fails it changed nothing.
        var savepoint = unit.Writes.Count > 1;
        if (savepoint) await ExecuteAsync(connection, transaction, "SAVEPOINT unit", []);
        Exception? failure = null;
        try
        {
            foreach (var write in unit.Writes)
            {
                var rows = await ExecuteAsync(connection, transaction, _database.SqlFor(write), write.Args);
                if (write.ExpectedRows is { } expected && rows != expected)
                {
                    failure = write.Mismatch(rows);
                    break;
                }
            }
        }
        catch (DbException error)
        {
            failure = error;
            if (!savepoint && _database.ErrorAbortsTransaction) return (error, true);
        }
        if (savepoint)
        {
            if (failure is not null) await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT unit", []);
            await ExecuteAsync(connection, transaction, "RELEASE SAVEPOINT unit", []);
        }
        return (failure, false);
    }

    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<object?> args)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        _database.Bind(command, args);
        // SQLite's async API only wraps its synchronous one; calling that directly saves a task per statement.
        return _database.Provider == StorageProvider.Sqlite ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }

    private sealed class PendingUnit(IReadOnlyList<SqlWrite> writes)
    {
        public IReadOnlyList<SqlWrite> Writes { get; } = writes;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
