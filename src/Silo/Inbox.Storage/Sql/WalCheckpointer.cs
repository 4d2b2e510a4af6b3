using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inbox.Storage;

/// <summary>
/// Copies committed WAL frames back into the database file on a thread of its own, so the one
/// writer spends its time on commits. SQLite would otherwise checkpoint inside the writer's
/// commit every 1,000 pages, which on a busy inbox is after almost every transaction and a third
/// of the writer's time.
/// <para>
/// A pass runs at most every <see cref="DefaultInterval"/> while commits come in, and once more after the
/// last: single small commits then share a pass (and its fsync) by the thousand, and pages written
/// over and over (index roots, hot rows) are copied once per pass, not once per transaction.
/// </para>
/// <para>
/// A passive checkpoint never blocks the writer, but under steady load it also never catches up
/// with it: the WAL only starts over when a transaction begins with every frame already copied.
/// So once the WAL passes <see cref="DefaultWalLimit"/> frames, the writer waits (after its commit, before
/// its next transaction) for one pass that covers its last commit, and the WAL starts over.
/// </para>
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>About 64 MiB of 4 KiB pages: what a writer lets the WAL grow to before it waits for the copy.</summary>
    public const int DefaultWalLimit = 16_384;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly int _walLimit;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly AutoResetEvent _wake = new(false);
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly object _gate = new();
    private readonly Thread _thread;
    private long _commits;
    private long _waits;
    private int _disposed;
    private volatile bool _stopping;

    // Guarded by _gate.
    private long _copiedThrough;  // the last commit a finished pass started after
    private long _walFrames;      // frames in the WAL, as the last valid pass saw them
    private long _restartAfter;   // a pass that started before this commit saw the WAL before it started over

    public WalCheckpointer(string connectionString, ILogger? logger = null, int walLimit = DefaultWalLimit, TimeSpan? interval = null)
    {
        _connectionString = connectionString;
        _walLimit = walLimit;
        _interval = interval ?? DefaultInterval;
        _logger = logger ?? NullLogger.Instance;
        _thread = new Thread(Run) { IsBackground = true, Name = "inbox-checkpoint" };
        _thread.Start();
    }

    /// <summary>How often the writer waited for a pass because the WAL was over its limit.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>
    /// Called by the writer after each commit. Wakes the checkpointer and, when the WAL has grown
    /// past its limit, waits until a pass has copied this commit, so the next transaction starts the
    /// WAL over (unless a reader still uses it; then the next pass says so and the writer waits again).
    /// </summary>
    public void Committed()
    {
        if (_stopping) return;
        var commit = Interlocked.Increment(ref _commits);
        _wake.Set();
        lock (_gate)
        {
            if (_walFrames < _walLimit) return;
            var started = Stopwatch.GetTimestamp();
            while (_copiedThrough < commit && !_stopping)
            {
                var left = LongestWait - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) break;
            }
            _restartAfter = commit;
            _walFrames = 0;
            Interlocked.Increment(ref _waits);
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        var lastPass = 0L;
        while (true)
        {
            _wake.WaitOne();
            var idle = _interval - Stopwatch.GetElapsedTime(lastPass);
            bool overLimit;
            lock (_gate) overLimit = _walFrames >= _walLimit;
            if (idle > TimeSpan.Zero && !overLimit) _stop.Wait(idle);
            if (_stopping) break;
            lastPass = Stopwatch.GetTimestamp();
            var through = Interlocked.Read(ref _commits);
            var frames = -1L;
            try
            {
                connection ??= Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                using var reader = command.ExecuteReader();
                // One row: busy flag, frames in the WAL, frames copied (both -1 when another checkpoint held the lock).
                if (reader.Read()) frames = reader.GetInt64(1);
            }
            catch (Exception error)
            {
                // A failed pass copies nothing; the next commit wakes another. The WAL keeps every frame meanwhile.
                _logger.CheckpointFailed(error);
                connection?.Dispose();
                connection = null;
            }
            lock (_gate)
            {
                if (frames >= 0 && through > _restartAfter) _walFrames = frames;
                _copiedThrough = through;
                Monitor.PulseAll(_gate);
            }
        }
        connection?.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // FULL: the database file is synced before the WAL may be reused, so a crash mid-copy loses nothing.
        command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping = true;
        _stop.Set();
        _wake.Set();
        lock (_gate) Monitor.PulseAll(_gate);
        // A pass in progress finishes first (a checkpoint is not interrupted); it is bounded by busy_timeout.
        _thread.Join();
    }
}
