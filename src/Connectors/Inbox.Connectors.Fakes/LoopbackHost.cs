using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Inbox.Connectors.Fakes;

/// <summary>
/// What every fake's own server is: real Kestrel on loopback at a free port, without logging, serving the fake's
/// endpoints and anything else a test maps beside them. Each provider's server class wraps it with the address its
/// clients are given.
/// </summary>
internal static class LoopbackHost
{
    /// <param name="map">Maps the fake's endpoints.</param>
    /// <param name="configure">Adjusts the builder before it builds (a provider's larger upload limit).</param>
    /// <returns>The started app and its root, http://127.0.0.1:port.</returns>
    public static async Task<(WebApplication App, string Root)> StartAsync(
        Action<WebApplication> map, Action<WebApplication>? more = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        more?.Invoke(app);
        await app.StartAsync();
        return (app, app.Urls.Single());
    }
}
