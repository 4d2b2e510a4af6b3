using Inbox.Connectors.Fakes.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>A fake ACS resource served by real Kestrel on loopback, at a free port, under an optional path prefix.</summary>
public sealed class AcsFakeServer : IAsyncDisposable
{
    public const string Key = "ZmFrZS1hY3MtYWNjZXNzLWtleS1mb3ItdGVzdHMtb25seSEh";
    public const string SecondaryKey = "c2Vjb25kYXJ5LWZha2UtYWNzLWtleS1mb3ItdGVzdHMh";

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

    public static async Task<AcsFakeServer> StartAsync(AcsSmsFakeOptions? options = null, TimeProvider? time = null, string prefix = "",
        Action<WebApplication>? more = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new AcsSmsFake(options ?? new AcsSmsFakeOptions { AccessKeys = [Key, SecondaryKey] }, time ?? TimeProvider.System);
        app.MapAcsSmsFake(prefix, fake);
        more?.Invoke(app);
        await app.StartAsync();
        return new AcsFakeServer(app, fake, new Uri($"{app.Urls.Single()}{prefix.TrimEnd('/')}/"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
