using Inbox.Silo.Events;

namespace Inbox.Web.Hubs;

/// <summary>
/// One heard event, with what the node knew of its conversation before it (null: nothing) and after it, and what it is on
/// the wire (null: the hub does not forward it), made once for every connection that gets it.
/// </summary>
public sealed record Heard(InboxEvent Event, ConversationFacts? Before, ConversationFacts? After, HubWire.Outgoing? Wire);

/// <summary>
/// The node's hub side of the live events: one <see cref="InboxEvents.SubscribeAsync"/> per brand some connection here
/// watches, shared by all of them, disposed when the last one leaves (so the node asks the cluster for exactly the brands
/// its clients watch). Each brand's events are heard one at a time, in order; the feed remembers each conversation's
/// last team, assignee and row, which is how a connection learns that a thread it was shown has left its sight.
/// </summary>
public sealed class HubFeeds(InboxEvents events)
{
    /// <summary>Conversations a brand's feed remembers; past it the memory starts over (a removal may then go unsaid: the client's refetch heals it).</summary>
    public const int RememberedPerBrand = 100_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

    /// <summary>The brands this node's hub currently subscribes to.</summary>
    public IReadOnlyCollection<string> Brands
    {
        get
        {
            _gate.Wait();
            try { return _feeds.Keys.ToArray(); }
            finally { _gate.Release(); }
        }
    }

    /// <summary>Adds the watcher to the brand's feed; returns once the node is registered for the brand's events.</summary>
    public async Task JoinAsync(string brandId, HubWatcher watcher)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_feeds.TryGetValue(brandId, out var feed))
            {
                feed = new Feed();
                feed.Subscription = await events.SubscribeAsync(brandId, feed.HearAsync);
                _feeds[brandId] = feed;
            }
            feed.Add(watcher);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task LeaveAsync(string brandId, HubWatcher watcher)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_feeds.TryGetValue(brandId, out var feed) || !feed.Remove(watcher)) return;
            feed.Subscription?.Dispose();
            _feeds.Remove(brandId);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Feed
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, ConversationFacts> _known = new(StringComparer.Ordinal);
        private HubWatcher[] _watchers = [];

        public IDisposable? Subscription { get; set; }

        public void Add(HubWatcher watcher)
        {
            lock (_gate) _watchers = [.. _watchers, watcher];
        }

        /// <summary>True when it was the last.</summary>
        public bool Remove(HubWatcher watcher)
        {
            lock (_gate)
            {
                _watchers = _watchers.Where(w => w != watcher).ToArray();
                return _watchers.Length == 0;
            }
        }

        // Called by LocalEvents one event at a time, so the memory needs no lock of its own.
        public ValueTask HearAsync(InboxEvent @event)
        {
            Heard heard;
            if (@event is ConversationEvent about)
            {
                var before = _known.GetValueOrDefault(about.ConversationId);
                // A late duplicate, or an event overtaken by the grain's move to another node: a client ignores it anyway,
                // and it must not undo what the node learnt since (a thread that left a team must not seem back in it).
                if (before is not null && about.Sequence <= before.Sequence) return ValueTask.CompletedTask;
                var after = ConversationFacts.After(before, about);
                if (before is null && _known.Count >= RememberedPerBrand) _known.Clear();
                _known[about.ConversationId] = after;
                heard = new Heard(@event, before ?? ConversationFacts.Implied(about), after, HubWire.Of(@event));
            }
            else
            {
                heard = new Heard(@event, null, null, HubWire.Of(@event));
            }
            foreach (var watcher in Volatile.Read(ref _watchers)) watcher.Offer(heard);
            return ValueTask.CompletedTask;
        }
    }
}
