using System.Security.Claims;
using Inbox.Silo.Access;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Queries;
using Inbox.Web.Auth;
using Inbox.Web.Hubs;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// An open inbox page's live events. It is a <see cref="HubWatcher"/> on the node's <see cref="HubFeeds"/>, like a hub
/// connection, so a circuit hears exactly what a hub client watching the same view would: one visibility rule
/// (<see cref="HubSight"/>), one memory of where each thread was, the same "removed" when a thread leaves the agent's sight.
/// The page watches its list's filter in every brand it shows, and the open thread.
/// </summary>
public sealed class InboxLive : IAsyncDisposable
{
    private readonly HubWatcher _watcher;
    private string? _list;
    private string? _thread;

    internal InboxLive(HubWatcher watcher) => _watcher = watcher;

    /// <summary>Watches the list's filter in <paramref name="brands"/> instead of what it watched; returns once their events reach this node.</summary>
    public async Task WatchListAsync(IReadOnlyCollection<string> brands, ConversationFilter filter)
    {
        var before = _list;
        _list = await _watcher.WatchAsync(brands.Select(b => new WatchedView(b, filter with { BrandId = b })).ToArray());
        if (before is not null) await _watcher.UnwatchAsync(before);
    }

    /// <summary>Watches one thread instead of the one open before (none: closes it).</summary>
    public async Task WatchThreadAsync(ConversationRow? row)
    {
        var before = _thread;
        _thread = row is null ? null : await _watcher.WatchAsync([], row);
        if (before is not null) await _watcher.UnwatchAsync(before);
    }

    /// <summary>Rows the page shows from a query: the agent is told when one of them leaves their sight, as for one an event showed.</summary>
    public void Showing(IEnumerable<ConversationRow> rows) => _watcher.Showing(rows);

    public ValueTask DisposeAsync() => _watcher.DisposeAsync();
}

/// <summary>Opens <see cref="InboxLive"/> for a circuit, with the same session re-checks as a hub connection.</summary>
public sealed partial class InboxLiveFactory(HubFeeds feeds, IServiceProvider services, TimeProvider time, IOptions<LiveSessionOptions> sessions,
    ILogger<HubWatcher> logger)
{
    /// <param name="deliver">
    /// Gets the events heard since its last call (each by its wire name, <see cref="HubWire"/>, and payload), in order; it
    /// is called again only after the last call finished, with everything that came meanwhile.
    /// </param>
    /// <param name="ended">Called when the agent was disabled or their session ended; nothing is delivered after it.</param>
    public InboxLive Open(Caller caller, ClaimsPrincipal user, Func<IReadOnlyList<HubWire.Outgoing>, Task> deliver, Action ended) =>
        new(new HubWatcher(new CircuitOutlet(user, deliver, ended, logger), caller, feeds, services, time, sessions.Value.CircuitCheckEvery, logger));

    /// <summary>
    /// A page's circuit as a watcher's outlet: its renderer gets the events in batches (<see cref="OrderedSender{T}"/>), so
    /// under a burst a page draws once per batch, not once per event, and under light load each event goes at once. A page
    /// too far behind loses the oldest: it sees the gap in the sequence numbers and refetches. A page draws on the thread
    /// pool, never on the feed's thread: drawing is synchronous work, and every hub connection and page after it in the
    /// brand's feed would wait for it (at 200 events a second the hub's p99 halved when pages stopped drawing inline).
    /// </summary>
    private sealed partial class CircuitOutlet : IWatcherOutlet
    {
        private readonly OrderedSender<HubWire.Outgoing> _batches;
        private readonly Action _ended;

        public CircuitOutlet(ClaimsPrincipal user, Func<IReadOnlyList<HubWire.Outgoing>, Task> deliver, Action ended, ILogger logger)
        {
            (User, _ended) = (user, ended);
            _batches = new(batch => deliver(batch), LocalEvents.DefaultCapacity, error => LogFailed(logger, Id, error), offCallersThread: true);
        }

        public string Id { get; } = "circuit-" + Guid.NewGuid().ToString("N")[..8];

        public ClaimsPrincipal User { get; }

        public Task SendAsync(HubWire.Outgoing message)
        {
            _batches.Enqueue([message]);
            return Task.CompletedTask;
        }

        public void Abort()
        {
            _ = _batches.StopAsync();
            _ended();
        }

        [LoggerMessage(LogLevel.Warning, "Live page {ConnectionId}: heard events could not be applied")]
        private static partial void LogFailed(ILogger logger, string connectionId, Exception error);
    }
}
