using System.Runtime.ExceptionServices;
using Orleans.Core;

namespace Inbox.Storage;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state and <paramref name="alongWith"/>'s domain rows in one transaction: all or nothing.
    /// A stale state throws <see cref="InconsistentStateException"/>; a failing domain row throws its own
    /// error (a unique violation, its <see cref="SqlWrite.Unexpected"/>), and the state is not written either.
    /// </summary>
    public static async Task WriteStateAsync<TState>(this IPersistentState<TState> state, UnitOfWork alongWith, CancellationToken cancellationToken = default)
    {
        if (alongWith.Writes.Count == 0)
        {
            await ((IStorage)state).WriteStateAsync(cancellationToken);
            return;
        }
        // Orleans' bridge merges a write into an earlier one still waiting, unless either can be cancelled;
        // merged, these rows would ride on a write that already left. A token that can be cancelled keeps it apart,
        // and lets a refused domain row end the write unlogged (PendingRows.Refuse).
        using var separate = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rows = new PendingRows(alongWith.Writes, separate);
        Task write;
        using (UnitOfWorkChannel.Offer(rows))
            write = ((IStorage)state).WriteStateAsync(rows.Token);
        try
        {
            await write;
        }
        catch (Exception) when (rows.Failure is { } failure)
        {
            // Orleans wraps a provider's errors in OrleansException; the caller wants the domain's own.
            ExceptionDispatchInfo.Throw(failure);
        }
        if (!rows.Taken)
            throw new InvalidOperationException("The state was written but its domain rows were not: it is not stored by Inbox storage.");
    }
}
