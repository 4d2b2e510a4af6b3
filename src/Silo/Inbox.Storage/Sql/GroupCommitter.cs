using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Storage;

/// <summary>
/// The one writer. Units of work from many activations queue here; each pass takes every unit
/// waiting (up to <see cref="StorageOptions.MaxBatch"/>) and commits them in one transaction, so
/// one fsync covers them all. Each unit keeps its own outcome: a unit whose row-count check fails,
/// or whose statement throws, is undone alone and its caller gets the error while the others commit.
/// </summary>
public sealed partial class GroupCommitter : IAsyncDisposable
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
