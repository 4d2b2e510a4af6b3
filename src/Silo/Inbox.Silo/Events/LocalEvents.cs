namespace Inbox.Silo.Events;

/// <summary>
/// The node's own end of the fan-out: the subscribers in this process, each watching one brand. Delivering
/// never waits: each subscriber has its own bounded queue, and one that falls <see cref="Capacity"/> events
/// behind loses the oldest (it reloads, as after a reconnect, when it sees the gap). Handlers of one
/// subscriber run one at a time, in order; a handler's failure is its own.
/// </summary>
public sealed class LocalEvents(int capacity = LocalEvents.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly Lock _gate = new();
    private Dictionary<string, Subscription[]> _byBrand = new(StringComparer.Ordinal);

    public int Capacity => capacity;

    /// <summary>The brands some subscriber here watches: what this node asks the cluster for.</summary>
    public IReadOnlyCollection<string> Brands => Volatile.Read(ref _byBrand).Keys;

    public bool Watches(string brandId) => Volatile.Read(ref _byBrand).ContainsKey(brandId);

    /// <summary>Offers the event to the subscribers watching its brand; true if there was one.</summary>
    public bool Deliver(InboxEvent @event)
    {
        if (!Volatile.Read(ref _byBrand).TryGetValue(@event.BrandId, out var subscribers)) return false;
        foreach (var subscriber in subscribers) subscriber.Offer(@event);
        return true;
    }

    /// <summary>A subscriber of <paramref name="brandId"/>'s events; disposing it ends it, and <paramref name="lastGone"/> hears when it was the brand's last.</summary>
    public IDisposable Subscribe(string brandId, Func<InboxEvent, ValueTask> handler, Action<string>? lastGone = null)
    {
        var subscription = new Subscription(this, brandId, handler, capacity, lastGone);
        lock (_gate)
        {
            var next = new Dictionary<string, Subscription[]>(_byBrand, StringComparer.Ordinal);
            next[brandId] = next.TryGetValue(brandId, out var others) ? [.. others, subscription] : [subscription];
            Volatile.Write(ref _byBrand, next);
        }
        return subscription;
    }

    private bool Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (!_byBrand.TryGetValue(subscription.BrandId, out var current)) return false;
            var rest = current.Where(s => s != subscription).ToArray();
            var next = new Dictionary<string, Subscription[]>(_byBrand, StringComparer.Ordinal);
            if (rest.Length == 0) next.Remove(subscription.BrandId);
            else next[subscription.BrandId] = rest;
            Volatile.Write(ref _byBrand, next);
            return rest.Length == 0;
        }
    }

    /// <summary>
    /// One subscriber's queue. When an event finds it idle, its handling is queued to the front of the publishing thread's
    /// own pool queue (a grain's turn runs on the pool): it runs there next, or on an idle thread that takes it, not behind
    /// all the work the pool holds, and without the publisher's context (the grain's scheduler and request context stay
    /// behind). At 200 events a second on two busy cores, the hop through a channel's reader, which waits in the pool's
    /// shared queue, was most of what the hub added to a bare relay at p99 (docs/performance.md).
    /// </summary>
    private sealed class Subscription(LocalEvents owner, string brandId, Func<InboxEvent, ValueTask> handler, int capacity, Action<string>? lastGone)
        : IDisposable, IThreadPoolWorkItem
    {
        private readonly Lock _gate = new();
        private readonly Queue<InboxEvent> _waiting = new();
        private bool _handling, _closed;

        public string BrandId => brandId;

        public void Offer(InboxEvent @event)
        {
            lock (_gate)
            {
                if (_closed) return;
                _waiting.Enqueue(@event);
                if (_waiting.Count > capacity) _waiting.Dequeue();
                if (_handling) return;
                _handling = true;
            }
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }

        void IThreadPoolWorkItem.Execute() => _ = HandleWaitingAsync();

        private async Task HandleWaitingAsync()
        {
            while (Next() is { } @event)
            {
                try { await handler(@event); }
                catch (Exception) { /* one subscriber's failure is its own; the others go on */ }
            }
        }

        /// <summary>The oldest waiting event, or null: then this subscriber is idle (or closed) until the next one.</summary>
        private InboxEvent? Next()
        {
            lock (_gate)
            {
                if (_waiting.Count > 0 && !_closed) return _waiting.Dequeue();
                _handling = false;
                return null;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_closed) return;
                _closed = true;
                _waiting.Clear();
            }
            if (owner.Remove(this)) lastGone?.Invoke(BrandId);
        }
    }
}
