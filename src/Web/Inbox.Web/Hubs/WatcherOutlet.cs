using System.Collections.Concurrent;
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

    /// <summary>One event, as <see cref="HubWire"/> puts it on the wire.</summary>
    Task SendAsync(HubWire.Outgoing message);

    /// <summary>Ends the client: its session or key ended, or its agent was disabled.</summary>
    void Abort();
}

/// <summary>A hub connection as a watcher's outlet: it writes an event's frame, serialized once for all connections.</summary>
public sealed class HubOutlet(HubCallerContext connection, InboxHubConnections connections) : IWatcherOutlet
{
    public string Id => connection.ConnectionId;

    public ClaimsPrincipal User => connection.User ?? new ClaimsPrincipal();

    public Task SendAsync(HubWire.Outgoing message) => connections.WriteAsync(connection.ConnectionId, message.Frame).AsTask();

    public void Abort() => connection.Abort();
}

/// <summary>
/// SignalR's own lifetime manager for /hubs/inbox, which also keeps each connection so a watcher can write an event already
/// serialized to it. Sending to one connection through the hub's clients would serialize the event for that connection alone.
/// </summary>
public sealed class InboxHubConnections(ILogger<DefaultHubLifetimeManager<InboxHub>> logger) : DefaultHubLifetimeManager<InboxHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>Writes the frame to the connection, if it is still open on this node.</summary>
    public ValueTask WriteAsync(string connectionId, SerializedHubMessage frame) =>
        _connections.TryGetValue(connectionId, out var connection) ? connection.WriteAsync(frame) : ValueTask.CompletedTask;
}
