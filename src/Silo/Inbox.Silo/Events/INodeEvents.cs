namespace Inbox.Silo.Events;

/// <summary>A node's ear in the cluster: an observer the node registers with each brand's <see cref="IEventRelayGrain"/> it watches.</summary>
[Alias("Inbox.Silo.Events.INodeEvents")]
public interface INodeEvents : IGrainObserver
{
    /// <summary>Events in order; the relay sends the next batch only once this one answered (see <see cref="OrderedSender{T}"/>).</summary>
    [Alias("OnEvents")]
    Task OnEvents(InboxEvent[] events);
}
