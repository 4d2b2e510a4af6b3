using System.Security.Claims;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Queries;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Inbox.Web.Hubs;

/// <summary>
/// One hub connection's side of the feeds: what it watches, who it is (re-read when the agent's access changes and at
/// every <see cref="Auth.LiveSessionOptions.CircuitCheckEvery"/>), and which conversations it was shown. Heard events are
/// decided and sent one at a time, in order, by <see cref="HubSight.Decide"/>: at once, on the feed's thread, while the
/// connection keeps up (a write that completes at once costs no thread hop, which at 50 connections and 200 events a second
/// is most of the hub's work); otherwise they wait in its own bounded queue (<see cref="OrderedSender{T}"/>) and go when the
/// write under way has finished (a slow client loses the oldest and sees a gap; no other connection waits for it). Where they go is its
/// <see cref="IWatcherOutlet"/>: a hub connection, or an open inbox page's circuit, so both hear exactly what the list shows.
/// </summary>
public sealed partial class HubWatcher : IAsyncDisposable
{
    private readonly IWatcherOutlet _outlet;
    private readonly HubFeeds _feeds;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    /// <summary>Heard events and rechecks, handled one at a time in order; what comes meanwhile waits its turn.</summary>
    private readonly OrderedSender<object> _lane;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (WatchedView[] Views, string? ConversationId, string[] Brands)> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _brands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConversationFacts> _shown = new(StringComparer.Ordinal);
    private readonly ITimer _recheck;
    private Watching _watching = new([], new HashSet<string>());
    private Caller _caller;
    private volatile bool _disposed;

    private static readonly object RecheckNow = new();

    public HubWatcher(IWatcherOutlet outlet, Caller caller, HubFeeds feeds, IServiceProvider services,
        TimeProvider time, TimeSpan recheckEvery, ILogger logger)
    {
        (_outlet, _caller, _feeds, _services, _logger) = (outlet, caller, feeds, services, logger);
        _lane = new OrderedSender<object>(HandleAllAsync, LocalEvents.DefaultCapacity);
        _recheck = time.CreateTimer(_ => Enqueue(RecheckNow), null, recheckEvery, recheckEvery);
    }

    public Caller Caller
    {
        get
        {
            lock (_gate) return _caller;
        }
    }

    /// <summary>Hands a heard event to this connection; never waits for it.</summary>
    public void Offer(Heard heard) => Enqueue(heard);

    /// <summary>Watches views (one per brand of a view without one); returns once their brands' events reach this node.</summary>
    public async Task<string> WatchAsync(WatchedView[] views, ConversationRow? conversation = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var brands = views.Select(v => v.BrandId).Append(conversation?.BrandId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var joining = new List<string>();
        lock (_gate)
        {
            _subscriptions[id] = (views, conversation?.Id, brands);
            if (conversation is not null)
                _shown[conversation.Id] = new ConversationFacts(conversation.BrandId, conversation.TeamId, conversation.AssigneeId, conversation, 0);
            foreach (var brand in brands)
            {
                _brands[brand] = _brands.GetValueOrDefault(brand) + 1;
                if (_brands[brand] == 1) joining.Add(brand);
            }
            Rebuild();
        }
        try
        {
            foreach (var brand in joining) await _feeds.JoinAsync(brand, this);
        }
        catch (Exception failed) when (failed is not HubException)
        {
            LogFailed(_logger, _outlet.Id, failed);
            await UnwatchAsync(id);
            throw new HubException("live_events_unavailable: this node could not register for the brand's events; subscribe again.");
        }
        // Closed meanwhile: what was just joined must not outlive the connection.
        if (_disposed) foreach (var brand in joining) await _feeds.LeaveAsync(brand, this);
        return id;
    }

    /// <summary>
    /// Conversations the client shows from a query (an inbox page's list) count as shown: when one of them leaves the
    /// caller's sight (a team move, a membership removed), the client is told, as for one an event showed it.
    /// </summary>
    public void Showing(IEnumerable<ConversationRow> rows)
    {
        lock (_gate)
        {
            foreach (var row in rows) _shown.TryAdd(row.Id, new ConversationFacts(row.BrandId, row.TeamId, row.AssigneeId, row, 0));
        }
    }

    public async Task<bool> UnwatchAsync(string subscriptionId)
    {
        var leaving = new List<string>();
        lock (_gate)
        {
            if (!_subscriptions.Remove(subscriptionId, out var gone)) return false;
            foreach (var brand in gone.Brands)
            {
                if (--_brands[brand] > 0) continue;
                _brands.Remove(brand);
                leaving.Add(brand);
            }
            Rebuild();
        }
        foreach (var brand in leaving) await _feeds.LeaveAsync(brand, this);
        return true;
    }

    private void Rebuild() => _watching = new Watching(
        _subscriptions.Values.SelectMany(s => s.Views).ToArray(),
        _subscriptions.Values.Select(s => s.ConversationId).OfType<string>().ToHashSet(StringComparer.Ordinal));

    /// <summary>Handles the item here and now when nothing else is being handled; otherwise it waits its turn.</summary>
    private void Enqueue(object item)
    {
        if (!_disposed) _lane.Enqueue([item]);
    }

    private async Task HandleAllAsync(object[] items)
    {
        foreach (var item in items)
        {
            if (_disposed) return;
            await HandleSafelyAsync(item);
        }
    }

    private async Task HandleSafelyAsync(object item)
    {
        try
        {
            switch (item)
            {
                case Heard { Event: AgentAccessChanged changed } when changed.AgentId == Caller.AgentId:
                    await RefreshAsync();
                    break;
                case Heard heard:
                    await HandleAsync(heard);
                    break;
                default:
                    await RecheckAsync();
                    break;
            }
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            LogFailed(_logger, _outlet.Id, failed);
        }
        catch (OperationCanceledException)
        {
            // The connection closed while its event was being written: nothing is left to tell it.
        }
    }

    private async Task HandleAsync(Heard heard)
    {
        HubWire.Outgoing? send;
        lock (_gate)
        {
            send = heard switch
            {
                { Event: ConversationEvent about, After: { } after } => Decide(about, heard.Before, after, heard.Wire),
                { Event: Silo.Events.AgentPresenceChanged presence } when _brands.ContainsKey(presence.BrandId) && Visibility.CanSeeBrand(_caller, presence.BrandId)
                    => heard.Wire,
                _ => null,
            };
        }
        if (send is not null) await _outlet.SendAsync(send);
    }

    private HubWire.Outgoing? Decide(ConversationEvent about, ConversationFacts? before, ConversationFacts after, HubWire.Outgoing? wire)
    {
        var id = about.ConversationId;
        var (verdict, shown) = HubSight.Decide(_caller, _watching, id, _shown.ContainsKey(id), before, after, about is Silo.Events.ConversationUpdated);
        if (shown) _shown[id] = after;
        else _shown.Remove(id);
        return verdict switch
        {
            Verdict.Deliver => wire,
            Verdict.Remove => Removed(id, about.Sequence),
            _ => null,
        };
    }

    /// <summary>Reads the agent's rights again; every thread shown that they no longer see is removed at once.</summary>
    private async Task RefreshAsync()
    {
        if (Caller.AgentId is not { } agentId) return;
        var caller = await _services.GetRequiredService<IGrainFactory>().GetGrain<IAgentGrain>(agentId).AsCaller();
        if (caller is null)
        {
            LogEnded(_logger, _outlet.Id, "the agent was disabled or deleted");
            _outlet.Abort();
            return;
        }
        List<(string Id, long Sequence)> removed;
        lock (_gate)
        {
            _caller = caller;
            removed = _shown.Where(s => !HubSight.Sees(caller, s.Value)).Select(s => (s.Key, s.Value.Sequence)).ToList();
            foreach (var (id, _) in removed) _shown.Remove(id);
        }
        foreach (var (id, sequence) in removed)
            await _outlet.SendAsync(Removed(id, sequence));
    }

    private static HubWire.Outgoing Removed(string conversationId, long sequence) =>
        new(HubWire.ConversationRemoved, new HubWire.ConversationRemovedEvent(conversationId, sequence));

    /// <summary>A connection lives only as long as what opened it: the agent's session, or the API key behind its ticket.</summary>
    private async Task RecheckAsync()
    {
        var user = _outlet.User;
        bool live;
        try
        {
            live = user.FindFirstValue(CallerClaims.Kind) switch
            {
                "agent" => (await _services.GetRequiredService<IGrainFactory>().GetGrain<IAgentGrain>(user.FindFirstValue(CallerClaims.Agent)!)
                    .CheckSession(user.FindFirstValue(Sessions.SessionClaim) ?? "")).Valid,
                "apikey" => await _services.GetRequiredService<DirectoryQueries>().ApiKeyLiveAsync(user.FindFirstValue(CallerClaims.KeyId)!,
                    _services.GetRequiredService<TimeProvider>().GetUtcNow()),
                _ => true,
            };
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            LogFailed(_logger, _outlet.Id, failed);
            return; // a passing failure must not throw a working client out; the next check decides
        }
        if (!live)
        {
            LogEnded(_logger, _outlet.Id, "its session or API key ended");
            _outlet.Abort();
            return;
        }
        await RefreshAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _recheck.DisposeAsync();
        string[] brands;
        lock (_gate)
        {
            brands = _brands.Keys.ToArray();
            _brands.Clear();
            _subscriptions.Clear();
            Rebuild();
        }
        foreach (var brand in brands) await _feeds.LeaveAsync(brand, this);
        await _lane.StopAsync();
    }

    [LoggerMessage(LogLevel.Warning, "Live watcher {ConnectionId}: an event could not be handled")]
    private static partial void LogFailed(ILogger logger, string connectionId, Exception error);

    [LoggerMessage(LogLevel.Information, "Live watcher {ConnectionId} was closed: {Reason}")]
    private static partial void LogEnded(ILogger logger, string connectionId, string reason);
}
