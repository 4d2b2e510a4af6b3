using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>
/// The one writer. Units of work from many activations queue here; each pass takes every unit
/// waiting (up to <see cref="StorageOptions.MaxBatch"/>) and commits them in one transaction, so
/// one fsync covers them all. Each unit keeps its own outcome: a unit whose row-count check fails,
/// or whose statement throws, is undone alone and its caller gets the error while the others commit.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    private const int AnswerSlice = 64;
    private readonly Channel<PendingUnit> _queue = Channel.CreateUnbounded<PendingUnit>(new() { SingleReader = true });
    private readonly Database _database;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private Statements? _statements;
    private Task? _loop;
    private long _transactions;
    private long _units;
    private long _busyTicks;

    public GroupCommitter(Database database, IOptions<StorageOptions> options, ILogger<GroupCommitter> logger)
    {
        _database = database;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
    }

    /// <summary>Transactions committed so far; with <see cref="Units"/>, how well commits are shared.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    public long Units => Interlocked.Read(ref _units);

    /// <summary>Time the writer spent committing: against wall time, how busy the one writer is.</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));

    /// <summary>Commits, in one transaction shared with other callers, or throws the unit's own error.</summary>
    public Task CommitAsync(IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var unit = new PendingUnit(writes);
        if (!_queue.Writer.TryWrite(unit)) throw new ObjectDisposedException(nameof(GroupCommitter), "Storage is shut down.");
        _loop ??= StartLoop();
        return unit.Task;
    }

    private Task StartLoop()
    {
        lock (_queue)
        {
            if (_loop is not null) return _loop;
            // The writer bounds every durable write, so it gets a thread of its own, ahead of grain work on a
            // busy machine. It blocks only on its own queue and on the database, never on a pool thread.
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() =>
            {
                try
                {
                    RunAsync().GetAwaiter().GetResult();
                    done.SetResult();
                }
                catch (Exception error)
                {
                    done.SetException(error);
                }
            })
            { IsBackground = true, Name = "inbox-group-commit", Priority = ThreadPriority.AboveNormal }.Start();
            return _loop = done.Task;
        }
    }

    private async Task RunAsync()
    {
        DbConnection? connection = null;
        var batch = new List<PendingUnit>(_maxBatch);
        var reader = _queue.Reader;
        while (reader.TryPeek(out _) || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var unit)) batch.Add(unit);
            try
            {
                if (connection is null)
                {
                    connection = await _database.OpenWriterAsync(CancellationToken.None);
                    _statements = _database.CreateStatements(connection);
                }
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await CommitBatchAsync(connection, batch);
                Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
            }
            catch (Exception error)
            {
                // The connection or the commit failed: none of these units is durable. Start afresh next time.
                _logger.GroupCommitFailed(batch.Count, error);
                Answer(batch.Select(unit => (unit, (Exception?)error)).ToArray());
                await ResetAsync(connection);
                connection = null;
            }
            batch.Clear();
        }
        await ResetAsync(connection);
    }

    private async Task ResetAsync(DbConnection? connection)
    {
        if (_statements is not null) await _statements.DisposeAsync();
        _statements = null;
        if (connection is not null) await connection.DisposeAsync();
    }

    /// <summary>
    /// Runs every unit in one transaction. Units run bare (no savepoint) until one fails after it
    /// has written something; then the transaction is rolled back and redone with that unit inside
    /// a savepoint of its own, so it alone is undone. Failures are rare, so commits stay cheap.
    /// </summary>
    private async Task CommitBatchAsync(DbConnection connection, List<PendingUnit> batch)
    {
        while (true)
        {
            var errors = new Exception?[batch.Count];
            var redo = false;
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                for (var i = 0; i < batch.Count && !redo; i++)
                {
                    var outcome = await RunUnitAsync(transaction, batch[i]);
                    errors[i] = outcome.Error;
                    if (outcome.NeedsIsolation)
                    {
                        batch[i].Isolated = true;
                        redo = true;
                    }
                }
                if (!redo)
                {
                    await transaction.CommitAsync();
                    Interlocked.Increment(ref _transactions);
                    Interlocked.Add(ref _units, batch.Count);
                }
            }
            if (redo) continue;
            // Pool items answer the batch, so the writer never runs callers' code.
            Answer(batch.Select((unit, i) => (unit, errors[i])).ToArray());
            AfterCommit();
            return;
        }
    }

    /// <summary>
    /// Tells the database a commit landed (SQLite: the checkpointer, which may hold the writer here until
    /// the WAL can start over). The batch is answered already and stays committed whatever this does.
    /// </summary>
    private void AfterCommit()
    {
        try
        {
            _database.Committed();
        }
        catch (Exception error)
        {
            _logger.CheckpointFailed(error);
        }
    }

    /// <summary>
    /// Answers in slices of <see cref="AnswerSlice"/> units, each a pool item: the callers' next units
    /// are built on both cores while the writer commits, instead of on one thread behind it.
    /// </summary>
    private static void Answer((PendingUnit Unit, Exception? Error)[] outcomes)
    {
        for (var start = 0; start < outcomes.Length; start += AnswerSlice)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static slice =>
            {
                foreach (var (unit, error) in slice)
                {
                    if (error is not null) unit.TrySetException(error);
                    else unit.TrySetResult();
                }
            }, new ArraySegment<(PendingUnit, Exception?)>(outcomes, start, Math.Min(AnswerSlice, outcomes.Length - start)), preferLocal: false);
        }
    }

    private async ValueTask<(Exception? Error, bool NeedsIsolation)> RunUnitAsync(DbTransaction transaction, PendingUnit unit)
    {
        if (unit.Isolated) await ExecuteAsync(transaction, "SAVEPOINT unit", []);
        Exception? failure = null;
        var index = 0;
        try
        {
            for (; index < unit.Writes.Count; index++)
            {
                var write = unit.Writes[index];
                var rows = await ExecuteAsync(transaction, _database.SqlFor(write), write.Args);
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
            // SQLite undoes a failed statement by itself; PostgreSQL aborts the whole transaction.
            var undone = !_database.ErrorAbortsTransaction && index == 0;
            if (!unit.Isolated && !undone) return (error, true);
        }
        if (unit.Isolated)
        {
            if (failure is not null) await ExecuteAsync(transaction, "ROLLBACK TO SAVEPOINT unit", []);
            await ExecuteAsync(transaction, "RELEASE SAVEPOINT unit", []);
        }
        else if (failure is not null && index > 0)
        {
            // Its earlier statements are in the transaction: redo the batch with this unit isolated.
            return (failure, true);
        }
        return (failure, false);
    }

    private ValueTask<int> ExecuteAsync(DbTransaction transaction, string sql, IReadOnlyList<object?> args) =>
        _statements!.ExecuteAsync(sql, args, transaction);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }

    /// <summary>A unit and its caller's answer, completed off the writer thread (see Answer), so continuations may run inline.</summary>
    private sealed class PendingUnit(IReadOnlyList<SqlWrite> writes) : TaskCompletionSource
    {
        public IReadOnlyList<SqlWrite> Writes { get; } = writes;

        /// <summary>Runs inside a savepoint of its own, after it failed midway once.</summary>
        public bool Isolated { get; set; }
    }
}
