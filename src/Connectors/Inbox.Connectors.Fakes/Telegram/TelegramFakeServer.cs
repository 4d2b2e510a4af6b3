using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>
/// The fake Bot API as a server of its own: real Kestrel on loopback at a free port, for anything that calls it as it
/// would call api.telegram.org (tests, or an app whose Inbox:Providers:Telegram:ApiBase points here).
/// </summary>
public sealed class TelegramFakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelegramFakeServer(WebApplication app, TelegramFake fake, Uri baseUrl)
    {
        _app = app;
        Fake = fake;
        BaseUrl = baseUrl;
    }

    public TelegramFake Fake { get; }

    /// <summary>The API's base, as Telegram.Bot's BaseUrl takes it: http://127.0.0.1:port (methods at /bot{token}/{method}).</summary>
    public Uri BaseUrl { get; }

    public static Task<TelegramFakeServer> StartAsync(TelegramFakeOptions options, TimeProvider? time = null) =>
        StartAsync(new TelegramFake(options, time));

    /// <summary>Serves <paramref name="fake"/>, which the server then owns (disposing the server disposes it).</summary>
    public static async Task<TelegramFakeServer> StartAsync(TelegramFake fake)
    {
        var options = fake.Options;
        var (app, root) = await LoopbackHost.StartAsync(a => a.MapTelegramFake("", fake), configure: builder =>
        {
            // Bots upload up to 50 MB; Kestrel's and the form reader's defaults are lower.
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + 1024 * 1024);
            builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxUploadBytes + 1024 * 1024);
        });
        return new TelegramFakeServer(app, fake, new Uri(root));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Fake.Dispose();
    }
}
