namespace Inbox.Silo.Events;

/// <summary>
/// One brand's events, handed on to the nodes that watch the brand (keyed by brand id). Nodes register
/// and renew; a registration not renewed within <see cref="LiveEventsOptions.Expiry"/> lapses.
/// </summary>
[Alias("Inbox.Silo.Events.IEventRelayGrain")]
public interface IEventRelayGrain : IGrainWithStringKey
{
    /// <summary>Registers or renews <paramref name="node"/>; once this returns, the node gets the brand's next events.</summary>
    [Alias("Watch")]
    Task Watch(INodeEvents node);

    [Alias("Unwatch")]
    Task Unwatch(INodeEvents node);

    /// <summary>
    /// Queues <paramref name="events"/> for every watching node but <paramref name="origin"/>'s (which delivered them itself) and
    /// answers at once; a node publishes its next batch to this relay after this answered, so batches stay in order.
    /// </summary>
    [Alias("Publish")]
    Task Publish(GrainId origin, InboxEvent[] events);
}
