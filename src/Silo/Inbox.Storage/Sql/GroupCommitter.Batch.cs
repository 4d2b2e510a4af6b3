using System.Data.Common;

namespace Inbox.Storage;

/// <summary>One pass of the writer: a batch of units in one transaction, each keeping its own outcome.</summary>
public sealed partial class GroupCommitter
{
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
}
