using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace Inbox.Web.Hubs;

/// <summary>
/// Where a <see cref="HubWatcher"/> sends what it decided, and whose it is: a hub connection here, an open inbox page's
/// circuit in the UI. One watcher, one visibility rule, whichever kind of client listens.
/// </summary>
public interface IWatcherOutlet
{
    /// <summary>Names the client in logs.</summary>
    string Id { get; }

    /// <summary>The principal the client opened with; its session or API key is re-checked against it.</summary>
    ClaimsPrincipal User { get; }

    /// <summary>One event, by its wire name (<see cref="HubWire"/>) and payload.</summary>
    Task SendAsync(string method, object payload);

    /// <summary>Ends the client: its session or key ended, or its agent was disabled.</summary>
    void Abort();
}

/// <summary>A hub connection as a watcher's outlet.</summary>
public sealed class HubOutlet(HubCallerContext connection, IHubContext<InboxHub> hub) : IWatcherOutlet
{
    public string Id => connection.ConnectionId;

    public ClaimsPrincipal User => connection.User ?? new ClaimsPrincipal();

    public Task SendAsync(string method, object payload) => hub.Clients.Client(connection.ConnectionId).SendAsync(method, payload);

    public void Abort() => connection.Abort();
}
