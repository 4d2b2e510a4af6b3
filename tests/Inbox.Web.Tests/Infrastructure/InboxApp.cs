using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Inbox.Web.Tests;

/// <summary>The real app on real Kestrel (loopback, a free port), on a fresh SQLite file or the test PostgreSQL.</summary>
public sealed class InboxApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public InboxApp(string store = "Sqlite")
    {
        _settings = Actors.Tests.Stores.Configuration(store);
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets(); // serve build-output assets (scoped CSS) as "dotnet run" does
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }
}
