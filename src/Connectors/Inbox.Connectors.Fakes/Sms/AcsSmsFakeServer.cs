using Microsoft.AspNetCore.Builder;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// The fake ACS resource as a server of its own: real Kestrel on loopback at a free port, under an optional path
/// prefix, for anything that sends to it as it would to ACS (tests, or an app pointed at it by its endpoint).
/// </summary>
public sealed class AcsSmsFakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AcsSmsFakeServer(WebApplication app, AcsSmsFake fake, Uri endpoint)
    {
        _app = app;
        Fake = fake;
        Endpoint = endpoint;
    }

    public AcsSmsFake Fake { get; }

    /// <summary>The resource's endpoint, as an ACS connection string names it.</summary>
    public Uri Endpoint { get; }

    /// <param name="more">Maps anything else beside the fake on the same server (a test's own endpoints).</param>
    public static async Task<AcsSmsFakeServer> StartAsync(AcsSmsFakeOptions options, TimeProvider? time = null, string prefix = "",
        Action<WebApplication>? more = null)
    {
        var fake = new AcsSmsFake(options, time ?? TimeProvider.System);
        var (app, root) = await LoopbackHost.StartAsync(a => a.MapAcsSmsFake(prefix, fake), more);
        return new AcsSmsFakeServer(app, fake, new Uri($"{root}{prefix.TrimEnd('/')}/"));
    }

    public async ValueTask DisposeAsync()
    {
        Fake.Dispose();
        await _app.DisposeAsync();
    }
}
