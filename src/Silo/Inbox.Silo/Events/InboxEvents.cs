using System.Threading.Channels;

namespace Inbox.Silo.Events;

/// <summary>
/// In-process fan-out of <see cref="InboxEvent"/>s. Publishing never waits: each subscriber has
/// its own bounded queue, and a subscriber that falls 10,000 events behind loses the oldest (it
/// reloads, as after a reconnect). Handlers of one subscriber run one at a time, in order.
/// </summary>
public sealed class InboxEvents
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    public void Publish(InboxEvent @event)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions)) subscription.Offer(@event);
    }

    public IDisposable Subscribe(Func<InboxEvent, ValueTask> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (_gate) _subscriptions = [.. _subscriptions, subscription];
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscriptions = _subscriptions.Where(s => s != subscription).ToArray();
    }

    private sealed class Subscription : IDisposable
    {
        private readonly InboxEvents _owner;
        private readonly Channel<InboxEvent> _queue = Channel.CreateBounded<InboxEvent>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public Subscription(InboxEvents owner, Func<InboxEvent, ValueTask> handler)
        {
            _owner = owner;
            _ = Task.Run(async () =>
            {
                await foreach (var @event in _queue.Reader.ReadAllAsync())
                {
                    try { await handler(@event); }
                    catch (Exception) { /* one subscriber's failure is its own; the others go on */ }
                }
            });
        }

        public void Offer(InboxEvent @event) => _queue.Writer.TryWrite(@event);

        public void Dispose()
        {
            _owner.Remove(this);
            _queue.Writer.TryComplete();
        }
    }
}
