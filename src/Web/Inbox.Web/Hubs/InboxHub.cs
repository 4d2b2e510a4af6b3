using Inbox.Silo.Access;
using Inbox.Silo.Queries;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Inbox.Web.Hubs;

/// <summary>
/// /hubs/inbox: live events for clients other than the Blazor pages (a mobile app, an integration). A client subscribes
/// to inbox views and to single conversations and hears, of its brands' events, exactly those the list would show it
/// (docs/hub.md). Live only: on a gap or a reconnect it refetches.
/// </summary>
[Authorize(Policy = HubExtensions.Policy)]
public sealed class InboxHub(HubWatchers watchers, ConversationQueries queries) : Microsoft.AspNetCore.SignalR.Hub
{
    public override Task OnConnectedAsync() => watchers.OpenAsync(Context);

    public override Task OnDisconnectedAsync(Exception? exception) => watchers.CloseAsync(Context.ConnectionId);

    /// <summary>Watches an inbox view, with the list's filters; returns the subscription's id once its events reach this node.</summary>
    public async Task<string> SubscribeInbox(HubWire.InboxView view)
    {
        var watcher = watchers.Of(Context);
        var caller = watcher.Caller;
        if (view.Mine && caller.AgentId is null) throw new HubException("mine_needs_agent: \"mine\" is a signed-in agent's own assignments; an API key has none.");
        string[] brands;
        if (view.BrandId is { } brand)
            brands = Visibility.CanSeeBrand(caller, brand) ? [brand] : throw new HubException($"brand_not_visible: there is no brand '{brand}' you may see.");
        else if (caller.IsOwner)
            throw new HubException("brand_required: the owner sees every brand; give brandId.");
        else
            brands = caller.Brands.Keys.ToArray();
        var filter = view.Filter(caller.AgentId);
        return await watcher.WatchAsync(brands.Select(b => new WatchedView(b, filter with { BrandId = b })).ToArray());
    }

    /// <summary>Watches one conversation (an open thread); refused unless the caller may see it, as the thread's API is.</summary>
    public async Task<string> SubscribeConversation(string conversationId)
    {
        var watcher = watchers.Of(Context);
        var row = await queries.GetAsync(watcher.Caller, conversationId)
            ?? throw new HubException($"conversation_not_visible: there is no conversation '{conversationId}' you may see.");
        return await watcher.WatchAsync([], row);
    }

    /// <summary>Ends a subscription; false if this connection had none with that id.</summary>
    public Task<bool> Unsubscribe(string subscriptionId) => watchers.Of(Context).UnwatchAsync(subscriptionId);
}
