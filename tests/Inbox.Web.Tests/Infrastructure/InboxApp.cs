using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Inbox.Web.Tests;

/// <summary>The real app on real Kestrel (loopback, a free port), on a fresh SQLite file or the test PostgreSQL.</summary>
public sealed class InboxApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public const string OwnerKey = "owner-test-key-0123456789";

    public InboxApp(string store = "Sqlite", IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = Actors.Tests.Stores.Configuration(store);
        _settings["Inbox:OwnerApiKey"] = OwnerKey;
        _settings["Inbox:DataProtection:CertificatePath"] = TestCertificate.PfxPath;
        _settings["Inbox:DataProtection:CertificatePassword"] = TestCertificate.Password;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets(); // serve build-output assets (scoped CSS) as "dotnet run" does
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
