namespace Inbox.Web.Components.Workspace;

/// <summary>
/// Hands heard events to a page's renderer a batch at a time: what comes while it applies and draws one batch waits and goes
/// in the next, in order, so under a burst a page draws once per batch, not once per event (at 200 messages a second, two
/// events each, drawing each one kept the renderer, and the browser, busiest). Under light load a batch is one event, handed
/// over at once. Adding never waits. A page this far behind (<paramref name="capacity"/>) loses the oldest: it sees the gap in
/// the sequence numbers and refetches.
/// </summary>
public sealed class HeardBatches<T>(Func<IReadOnlyList<T>, Task> deliver, int capacity, Action<Exception> failed)
{
    private readonly Lock _gate = new();
    private List<T> _waiting = [];
    private bool _delivering, _stopped;

    public void Add(T item)
    {
        lock (_gate)
        {
            if (_stopped) return;
            if (_waiting.Count == capacity) _waiting.RemoveAt(0);
            _waiting.Add(item);
            if (_delivering) return;
            _delivering = true;
        }
        _ = DeliverAsync();
    }

    /// <summary>Nothing is handed over after this, not even what waits.</summary>
    public void Stop()
    {
        lock (_gate) _stopped = true;
    }

    private async Task DeliverAsync()
    {
        while (true)
        {
            List<T> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0 || _stopped)
                {
                    _delivering = false;
                    return;
                }
                (batch, _waiting) = (_waiting, []);
            }
            try
            {
                await deliver(batch);
            }
            catch (Exception error)
            {
                failed(error);
            }
        }
    }
}
