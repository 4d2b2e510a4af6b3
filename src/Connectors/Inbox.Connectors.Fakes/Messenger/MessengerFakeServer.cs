using Microsoft.AspNetCore.Builder;

namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// The fake Meta app as a server of its own: real Kestrel on loopback at a free port, under an optional path prefix,
/// for anything that calls it as it would graph.facebook.com (tests, or an app pointed at it by its Graph base URL).
/// </summary>
public sealed class MessengerFakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MessengerFakeServer(WebApplication app, MessengerFake fake, Uri graphBase)
    {
        _app = app;
        Fake = fake;
        GraphBase = graphBase;
    }

    public MessengerFake Fake { get; }

    /// <summary>What stands in for https://graph.facebook.com: the version and the Page follow it.</summary>
    public Uri GraphBase { get; }

    /// <param name="more">Maps anything else beside the fake on the same server (a test's own endpoints).</param>
    public static async Task<MessengerFakeServer> StartAsync(MessengerFakeOptions options, TimeProvider? time = null, string prefix = "",
        Action<WebApplication>? more = null)
    {
        var fake = new MessengerFake(options, time ?? TimeProvider.System);
        var (app, root) = await LoopbackHost.StartAsync(a => a.MapMessengerFake(prefix, fake), more);
        var graphBase = new Uri($"{root}{prefix.TrimEnd('/')}/");
        fake.BaseUri = graphBase;
        return new MessengerFakeServer(app, fake, graphBase);
    }

    public async ValueTask DisposeAsync()
    {
        await Fake.ReportedAsync();
        await _app.DisposeAsync();
        Fake.Dispose();
    }
}
