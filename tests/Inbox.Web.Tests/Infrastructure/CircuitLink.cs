using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Inbox.Web.Tests;

/// <summary>
/// The wire between a browser context's pages and their Blazor circuits, held by the test so it can cut it: every circuit
/// connection (its WebSocket and the HTTP of a negotiate or a fallback transport) passes through Playwright's routes. A cut
/// closes both ends, as a lost network does, and refuses every new attempt until it is mended; the server keeps the circuit
/// meanwhile, as it does for a real blip. (Chromium's offline mode leaves an open WebSocket alone, so it cannot stand in.)
/// </summary>
public sealed partial class CircuitLink
{
    private const int Lost = 4000;
    private readonly List<(IWebSocketRoute Page, IWebSocketRoute Server)> _open = [];
    private volatile bool _cut;

    public static async Task<CircuitLink> InstallAsync(IBrowserContext context)
    {
        var link = new CircuitLink();
        await context.RouteWebSocketAsync(Circuit(), link.Connect);
        await context.RouteAsync(Circuit(), route => link._cut ? route.AbortAsync("internetdisconnected") : route.ContinueAsync());
        return link;
    }

    private void Connect(IWebSocketRoute page)
    {
        if (_cut)
        {
            _ = page.CloseAsync(new() { Code = Lost, Reason = "network lost" });
            return;
        }
        var server = page.ConnectToServer();
        lock (_open) _open.Add((page, server));
    }

    /// <summary>Closes every open circuit connection on both ends and refuses new ones.</summary>
    public async Task CutAsync()
    {
        _cut = true;
        (IWebSocketRoute Page, IWebSocketRoute Server)[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }
        foreach (var (page, server) in open)
        {
            await server.CloseAsync(new() { Code = Lost, Reason = "network lost" });
            await page.CloseAsync(new() { Code = Lost, Reason = "network lost" });
        }
    }

    /// <summary>Lets the next attempt through: the page rejoins its circuit on its own schedule.</summary>
    public void Mend() => _cut = false;

    [GeneratedRegex(@"/_blazor(/|\?|$)")]
    private static partial Regex Circuit();
}
