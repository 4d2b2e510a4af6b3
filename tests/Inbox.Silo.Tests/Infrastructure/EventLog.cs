using Inbox.Silo.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Silo.Tests;

/// <summary>A subscriber on one node that keeps what it heard, in arrival order.</summary>
public sealed class EventLog : IDisposable
{
    private readonly List<InboxEvent> _events = [];
    private IDisposable? _subscription;

    public IReadOnlyList<InboxEvent> Events
    {
        get
        {
            lock (_events) return _events.ToArray();
        }
    }

    /// <summary>A conversation's events as they arrived.</summary>
    public IReadOnlyList<ConversationEvent> Of(string conversationId) =>
        Events.OfType<ConversationEvent>().Where(e => e.ConversationId == conversationId).ToArray();

    public static async Task<EventLog> SubscribeAsync(IServiceProvider node, string brandId)
    {
        var log = new EventLog();
        log._subscription = await node.GetRequiredService<InboxEvents>().SubscribeAsync(brandId, e =>
        {
            lock (log._events) log._events.Add(e);
            return ValueTask.CompletedTask;
        });
        return log;
    }

    public void Dispose() => _subscription?.Dispose();
}
