using Inbox.Storage.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inbox.Web.Tests;

/// <summary>The real app on real Kestrel (loopback, a free port) with its Orleans silo co-hosted, on a fresh SQLite file or the test PostgreSQL.</summary>
public sealed class InboxApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _services;

    public const string OwnerKey = "owner-test-key-0123456789";

    /// <param name="services">Replaces services after the app's own (a scripted provider part, say).</param>
    public InboxApp(string store = "Sqlite", IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        _services = services;
        _settings = StoreSettings(store);
        _settings["Inbox:OwnerApiKey"] = OwnerKey;
        _settings["Inbox:DataProtection:CertificatePath"] = TestCertificate.PfxPath;
        _settings["Inbox:DataProtection:CertificatePassword"] = TestCertificate.Password;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        // Apps of parallel tests each co-host a silo, and a restarted app must not wait for its predecessor's port.
        _settings["Inbox:Silo:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    /// <summary>A fresh store (a new SQLite file or PostgreSQL schema) under a service id of its own.</summary>
    public static Dictionary<string, string?> StoreSettings(string store)
    {
        var config = Storage.Tests.Stores.Fresh(store);
        return new Dictionary<string, string?>(config.Settings) { ["Inbox:Actors:ServiceId"] = config.ServiceId };
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Every setting this app started with: pass them to a new app to restart on the same store.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>What the app logged since it started.</summary>
    public RecordedLogs Logs { get; } = new();

    /// <summary>A client on the real socket, with the given bearer key (none for anonymous or cookie use).</summary>
    public HttpClient Client(string? bearer = null, System.Net.CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = cookies ?? new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(BaseUrl),
        };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    /// <summary>A stop that fails (a silo that would not finish in the host's shutdown time, say) says what the app logged last.</summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (Exception e)
        {
            var last = string.Join(Environment.NewLine, Logs.Entries.TakeLast(60));
            throw new InvalidOperationException($"The app did not stop cleanly ({e.GetType().Name}: {e.Message}). Its last log entries:{Environment.NewLine}{last}", e);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets(); // serve build-output assets (scoped CSS) as "dotnet run" does
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Tests stop many apps on a loaded machine: a silo's graceful stop gets more than the host's default 30 s there.
        builder.ConfigureServices(s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90)));
        if (_services is { } services) builder.ConfigureTestServices(services);
    }
}
