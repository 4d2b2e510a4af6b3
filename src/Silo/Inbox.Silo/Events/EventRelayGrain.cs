using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Inbox.Silo.Events;

/// <summary>
/// Fans a brand's events out to the nodes watching it, in the order they were published to it: one
/// <see cref="OrderedSender{T}"/> per node, so a slow or dead node delays no other and this grain's turns
/// never wait for a node. Its registrations live in memory only: if the relay deactivates or its node dies,
/// the nodes register again at their next renewal, and clients see the gap in their sequences meanwhile.
/// </summary>
[GrainType("EventRelay")]
public sealed partial class EventRelayGrain(IOptions<LiveEventsOptions> options, ILogger<EventRelayGrain> logger) : Grain, IEventRelayGrain
{
    private readonly ObserverManager<INodeEvents> _nodes = new(options.Value.Expiry, logger);
    private readonly Dictionary<GrainId, OrderedSender<InboxEvent>> _senders = [];

    public Task Watch(INodeEvents node)
    {
        _nodes.Subscribe(node, node);
        return Task.CompletedTask;
    }

    public Task Unwatch(INodeEvents node)
    {
        _nodes.Unsubscribe(node);
        _senders.Remove(node.GetGrainId());
        return Task.CompletedTask;
    }

    public Task Publish(GrainId origin, InboxEvent[] events)
    {
        _nodes.Notify(node => SenderFor(node).Enqueue(events), node => node.GetGrainId() != origin);
        // Registrations that expired leave their senders behind: let them go with them.
        if (_senders.Count > _nodes.Count)
        {
            var live = _nodes.Observers.Keys.Select(node => node.GetGrainId()).ToHashSet();
            foreach (var gone in _senders.Keys.Where(id => !live.Contains(id)).ToList()) _senders.Remove(gone);
        }
        return Task.CompletedTask;
    }

    private OrderedSender<InboxEvent> SenderFor(INodeEvents node)
    {
        var id = node.GetGrainId();
        if (!_senders.TryGetValue(id, out var sender))
        {
            sender = new OrderedSender<InboxEvent>(batch => node.OnEvents(batch), LocalEvents.DefaultCapacity, error => LogNodeUnreachable(logger, error, id));
            _senders[id] = sender;
        }
        return sender;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live events could not reach node {Node}; it is dropped when its registration expires")]
    private static partial void LogNodeUnreachable(ILogger logger, Exception error, GrainId node);
}
