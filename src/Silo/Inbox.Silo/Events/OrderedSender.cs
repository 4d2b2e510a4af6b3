namespace Inbox.Silo.Events;

/// <summary>
/// Sends items in the order they came with one call in flight: what arrives while a call is under way goes
/// in the next call, as one batch. Orleans does not promise that two calls arrive in the order they were made;
/// a call made only after the previous one answered does. Holds at most <paramref name="capacity"/> items,
/// dropping the oldest (the receiver sees the gap), and a failed call loses its batch, not the ones after it.
/// The first call is made on the thread that enqueued, so while the receiver keeps up an item costs no thread hop;
/// with <paramref name="offCallersThread"/> it is made on the thread pool instead, for a caller that must not wait
/// for it (a grain's turn, whose context the sends must not capture; a feed that other listeners wait behind).
/// </summary>
public sealed class OrderedSender<T>(Func<T[], Task> send, int capacity, Action<Exception>? failed = null, bool offCallersThread = false)
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private bool _sending, _stopped;
    private TaskCompletionSource? _idle;
    private long _dropped;

    /// <summary>Items dropped because the receiver fell <c>capacity</c> behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(IEnumerable<T> items)
    {
        lock (_gate)
        {
            if (_stopped) return;
            foreach (var item in items) _queue.Enqueue(item);
            while (_queue.Count > capacity)
            {
                _queue.Dequeue();
                _dropped++;
            }
            if (_sending) return;
            _sending = true;
        }
        // Off the caller's thread (and any grain's context): the sends outlive the turn that made the first one.
        if (offCallersThread) _ = Task.Run(PumpAsync);
        else _ = PumpAsync();
    }

    /// <summary>
    /// Nothing is sent after this, not even what waits; the task completes when the call in flight, if any, has
    /// finished, so the receiver may be closed then.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            _queue.Clear();
            if (!_sending) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private async Task PumpAsync()
    {
        while (TakeBatch() is { } batch)
        {
            try
            {
                await send(batch);
            }
            catch (Exception error)
            {
                failed?.Invoke(error);
            }
        }
    }

    /// <summary>Everything waiting, or null: then nothing is being sent any more.</summary>
    private T[]? TakeBatch()
    {
        TaskCompletionSource? idle;
        lock (_gate)
        {
            if (_queue.Count > 0 && !_stopped)
            {
                T[] batch = [.. _queue];
                _queue.Clear();
                return batch;
            }
            _sending = false;
            idle = _idle;
        }
        idle?.TrySetResult();
        return null;
    }
}
