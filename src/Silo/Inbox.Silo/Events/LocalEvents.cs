using System.Threading.Channels;

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

    private sealed class Subscription : IDisposable
    {
        private readonly LocalEvents _owner;
        private readonly Action<string>? _lastGone;
        private readonly Channel<InboxEvent> _queue;

        public Subscription(LocalEvents owner, string brandId, Func<InboxEvent, ValueTask> handler, int capacity, Action<string>? lastGone)
        {
            (_owner, BrandId, _lastGone) = (owner, brandId, lastGone);
            _queue = Channel.CreateBounded<InboxEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            _ = Task.Run(async () =>
            {
                await foreach (var @event in _queue.Reader.ReadAllAsync())
                {
                    try { await handler(@event); }
                    catch (Exception) { /* one subscriber's failure is its own; the others go on */ }
                }
            });
        }

        public string BrandId { get; }

        public void Offer(InboxEvent @event) => _queue.Writer.TryWrite(@event);

        public void Dispose()
        {
            if (!_queue.Writer.TryComplete()) return;
            if (_owner.Remove(this)) _lastGone?.Invoke(BrandId);
        }
    }
}
