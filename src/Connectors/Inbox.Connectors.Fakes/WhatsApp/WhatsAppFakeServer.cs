using Microsoft.AspNetCore.Builder;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// The fake Cloud API as a server of its own: real Kestrel on loopback at a free port, under an optional path
/// prefix, for anything that calls it as it would call graph.facebook.com (tests, or an app whose Graph base URL
/// points here). Its webhooks go to <see cref="WhatsAppFake.WebhookUrl"/>.
/// </summary>
public sealed class WhatsAppFakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WhatsAppFakeServer(WebApplication app, WhatsAppFake fake, Uri graphBase)
    {
        _app = app;
        Fake = fake;
        GraphBase = graphBase;
    }

    public WhatsAppFake Fake { get; }

    /// <summary>The Graph base URL (no version, no trailing slash), as Inbox:Providers:Meta:GraphApiBase names graph.facebook.com.</summary>
    public Uri GraphBase { get; }

    /// <param name="more">Maps anything else beside the fake on the same server (a test's own endpoints).</param>
    public static async Task<WhatsAppFakeServer> StartAsync(WhatsAppFakeOptions options, TimeProvider? time = null, string prefix = "",
        Action<WebApplication>? more = null)
    {
        var fake = new WhatsAppFake(options, time);
        var (app, root) = await LoopbackHost.StartAsync(a => a.MapWhatsAppFake(prefix, fake), more);
        return new WhatsAppFakeServer(app, fake, new Uri($"{root}{prefix.TrimEnd('/')}"));
    }

    public async ValueTask DisposeAsync()
    {
        Fake.Dispose();
        await _app.DisposeAsync();
    }
}
