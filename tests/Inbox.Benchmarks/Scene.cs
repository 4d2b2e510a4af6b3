using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Inbox.Benchmarks.Failover;

namespace Inbox.Benchmarks;

/// <summary>
/// What issue 15's screen and circuit sections share: an Inbox.Web process as it ships (Production, SQLite, one Meta app)
/// with the benchmark probe loaded, one brand with a WhatsApp number, a supervisor who signs in on real Chromium pages,
/// a supervisor API key for hub tickets, and customers writing through signed webhooks.
/// </summary>
internal sealed class Scene : IAsyncDisposable
{
    public const string Password = "a long benchmark agent secret";

    private Scene(Node node, string brand, string email, string key, HttpClient webhooks) => (Node, Brand, Email, Key, Webhooks) = (node, brand, email, key, webhooks);

    public Node Node { get; }

    public string Brand { get; }

    public string Email { get; }

    /// <summary>A supervisor API key of the brand (hub tickets).</summary>
    public string Key { get; }

    private HttpClient Webhooks { get; }

    public static async Task<Scene> StartAsync()
    {
        var node = await Node.StartAsync(await Inbox.Benchmarks.Webhooks.SettingsAsync(), probed: true);
        using var owner = Client(node);
        var brand = await PostOkAsync(owner, "/api/v1/brands", new { name = "Bench" });
        await PostOkAsync(owner, $"/api/v1/brands/{brand}/numbers", new { channel = "WhatsApp", address = Inbox.Benchmarks.Webhooks.PhoneNumberId, displayNumber = "+15550783881", purpose = "Support", providerAccount = "sandbox" });
        var email = $"sue-{Guid.NewGuid():N}@bench.test";
        await PostOkAsync(owner, "/api/v1/agents", new { name = "Sue Bench", email, password = Password, brandId = brand, role = "Supervisor", teams = Array.Empty<string>() });
        using var response = await owner.PostAsJsonAsync($"/api/v1/brands/{brand}/api-keys", new { name = "bench", role = "Supervisor" });
        var key = JsonDocument.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        var webhooks = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromSeconds(60),
        };
        return new Scene(node, brand, email, key, webhooks);
    }

    /// <summary>A customer's WhatsApp text through a signed webhook; returns on its 200.</summary>
    public Task CustomerWritesAsync(string sender, string text) =>
        Inbox.Benchmarks.Webhooks.PostAsync(Webhooks, Inbox.Benchmarks.Webhooks.Payload(sender, "wamid.bench." + Guid.NewGuid().ToString("N"), text));

    public static string Sender(int i) => "1425557" + i.ToString("0000", CultureInfo.InvariantCulture);

    /// <summary>A browser context signed in as the supervisor (the cookie), on a first page that shows the inbox.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignInAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Node.BaseUrl}/login");
        await page.FillAsync("#email", Email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page).ToHaveURLAsync($"{Node.BaseUrl}/inbox", new() { Timeout = 60_000 });
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        Webhooks.Dispose();
        Node.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>Debian's Chromium, headless, driven by Playwright as the web tests drive it.</summary>
internal static class Chromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    // Many tabs stay live at once: none is throttled for being in the background.
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        return (playwright, browser);
    }
}
