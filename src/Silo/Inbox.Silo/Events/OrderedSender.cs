namespace Inbox.Silo.Events;

/// <summary>
/// Sends items in the order they came with one call in flight: what arrives while a call is under way goes
/// in the next call, as one batch. Orleans does not promise that two calls arrive in the order they were made;
/// a call made only after the previous one answered does. Holds at most <paramref name="capacity"/> items,
/// dropping the oldest (the receiver sees the gap), and a failed call loses its batch, not the ones after it.
/// </summary>
public sealed class OrderedSender<T>(Func<T[], Task> send, int capacity, Action<Exception>? failed = null, bool offGrainContext = false)
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private bool _sending;
    private long _dropped;

    /// <summary>Items dropped because the receiver fell <c>capacity</c> behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(IEnumerable<T> items)
    {
        lock (_gate)
        {
            foreach (var item in items) _queue.Enqueue(item);
            while (_queue.Count > capacity)
            {
                _queue.Dequeue();
                _dropped++;
            }
            if (_sending) return;
            _sending = true;
        }
        // Off a grain's context, the sends outlive the turn (and the activation) that made the first one.
        if (offGrainContext) _ = Task.Run(PumpAsync);
        else _ = PumpAsync();
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            T[] batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _sending = false;
                    return;
                }
                batch = [.. _queue];
                _queue.Clear();
            }
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
}
