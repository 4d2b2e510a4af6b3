using System.Collections.Concurrent;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Hubs;

public static class HubExtensions
{
    /// <summary>The sign-in cookie or a hub ticket, nothing else: an API key is traded for a ticket, never sent to the hub itself.</summary>
    public const string Policy = "InboxHub";

    public static IServiceCollection AddInboxHub(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(o => Wire.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<InboxHubConnections>();
        services.AddSingleton<HubLifetimeManager<InboxHub>>(s => s.GetRequiredService<InboxHubConnections>());
        services.AddSingleton<HubTickets>();
        services.AddSingleton<HubFeeds>();
        services.AddSingleton<HubWatchers>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HubTicketHandler>(HubTicketHandler.SchemeName, null);
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, HubTicketHandler.SchemeName)
            .RequireAuthenticatedUser()));
        return services;
    }

    public static WebApplication MapInboxHub(this WebApplication app)
    {
        app.MapHub<InboxHub>("/hubs/inbox").RequireAuthorization(Policy);
        return app;
    }
}

/// <summary>The node's hub connections, each with its <see cref="HubWatcher"/>.</summary>
public sealed class HubWatchers(IServiceProvider services, InboxHubConnections connections, HubFeeds feeds, IOptions<LiveSessionOptions> sessions,
    TimeProvider time, ILogger<HubWatcher> logger)
{
    private readonly ConcurrentDictionary<string, HubWatcher> _open = new(StringComparer.Ordinal);

    public int Count => _open.Count;

    public async Task OpenAsync(HubCallerContext connection)
    {
        if (connection.User?.HasClaim(c => c.Type == Sessions.MustChangeClaim) == true)
            throw new HubException("password_change_required: your password was set for you; choose your own (POST /api/v1/me/password) first.");
        var caller = await CallerAccessor.ResolveAsync(connection.User!, services.GetRequiredService<IGrainFactory>())
            ?? throw new HubException("The signed-in agent no longer exists or was disabled.");
        _open[connection.ConnectionId] = new HubWatcher(new HubOutlet(connection, connections), caller, feeds, services, time, sessions.Value.CircuitCheckEvery, logger);
    }

    public HubWatcher Of(HubCallerContext connection) =>
        _open.TryGetValue(connection.ConnectionId, out var watcher) ? watcher : throw new HubException("The connection is closing.");

    public async Task CloseAsync(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var watcher)) await watcher.DisposeAsync();
    }
}
