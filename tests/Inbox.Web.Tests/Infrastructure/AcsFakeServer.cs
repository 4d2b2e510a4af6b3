using Inbox.Connectors.Fakes.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Inbox.Web.Tests;

/// <summary>
/// A fake ACS resource served by real Kestrel on loopback at a free port, for the app to send to as it would to
/// ACS (a small copy of the connectors tests' helper, which this project does not reference).
/// </summary>
public sealed class AcsFakeServer : IAsyncDisposable
{
    public const string Key = "ZmFrZS1hY3MtYWNjZXNzLWtleS1mb3ItdGVzdHMtb25seSEh";

    /// <summary>Base64, as every ACS key is, but not a key of this resource.</summary>
    public const string WrongKey = "bm90LXRoZS1rZXktb2YtdGhpcy1yZXNvdXJjZS1hdC1hbGwh";

    private readonly WebApplication _app;

    private AcsFakeServer(WebApplication app, AcsSmsFake fake, Uri endpoint)
    {
        _app = app;
        Fake = fake;
        Endpoint = endpoint;
    }

    public AcsSmsFake Fake { get; }

    /// <summary>The resource's endpoint, as an ACS connection string names it.</summary>
    public Uri Endpoint { get; }

    public static async Task<AcsFakeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new AcsSmsFake(new AcsSmsFakeOptions { AccessKeys = [Key] }, TimeProvider.System);
        app.MapAcsSmsFake("", fake);
        await app.StartAsync();
        return new AcsFakeServer(app, fake, new Uri($"{app.Urls.Single()}/"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
