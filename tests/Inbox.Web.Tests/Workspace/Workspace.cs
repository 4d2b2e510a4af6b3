using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Inbox.Web.Tests.Workspace;

/// <summary>
/// One brand for an inbox test, made through the API: a Support and a Billing team, an SMS support number for each (on the
/// sandbox provider, which accepts every message and reports it delivered a second later), a supervisor key, and agents
/// who sign in on pages of their own.
/// </summary>
public sealed class Workspace(BrowserFixture fixture)
{
    public const string Password = "a long agent secret";
    public const string SupportNumber = "+14255550100";
    public const string BillingNumber = "+14255550101";

    public InboxApp App => fixture.App;

    public HttpClient Owner { get; } = fixture.App.Client(InboxApp.OwnerKey);

    public HttpClient Supervisor { get; private set; } = null!;

    public string Brand { get; private set; } = null!;

    public string Support { get; private set; } = null!;

    public string Billing { get; private set; } = null!;

    /// <summary>This brand's numbers are its own: a number is registered once across brands, so each brand gets fresh ones.</summary>
    public string SupportAddress { get; private set; } = null!;

    public string BillingAddress { get; private set; } = null!;

    public static async Task<Workspace> CreateAsync(BrowserFixture fixture)
    {
        var workspace = new Workspace(fixture);
        await workspace.InitializeAsync();
        return workspace;
    }

    private async Task InitializeAsync()
    {
        Brand = (await Owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        Support = (await Owner.PostOkAsync($"/api/v1/brands/{Brand}/teams", new { name = "Support" })).Str("id");
        Billing = (await Owner.PostOkAsync($"/api/v1/brands/{Brand}/teams", new { name = "Billing" })).Str("id");
        (SupportAddress, BillingAddress) = (FreshNumber(), FreshNumber());
        await Owner.PostOkAsync($"/api/v1/brands/{Brand}/numbers", new { channel = "Sms", address = SupportAddress, purpose = "Support", providerAccount = "sandbox", defaultTeamId = Support });
        await Owner.PostOkAsync($"/api/v1/brands/{Brand}/numbers", new { channel = "Sms", address = BillingAddress, purpose = "Support", providerAccount = "sandbox", defaultTeamId = Billing });
        Supervisor = App.Client((await Owner.PostOkAsync($"/api/v1/brands/{Brand}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key"));
    }

    private static string FreshNumber() => "+1425" + Random.Shared.Next(2_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An agent of this brand in <paramref name="teams"/>; returns their id and email.</summary>
    public async Task<(string Id, string Email)> AgentAsync(string name, string role, params string[] teams)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@contoso.test";
        var id = (await Owner.PostOkAsync("/api/v1/agents", new { name, email, password = Password, brandId = Brand, role, teams })).Str("id");
        return (id, email);
    }

    /// <summary>A customer's SMS through the events webhook; returns once it was answered 2xx (committed).</summary>
    /// <summary>A customer's message through the webhook; <paramref name="at"/> is when the provider says it was sent (now when not given).</summary>
    public async Task CustomerWritesAsync(string to, string from, string text, DateTimeOffset? at = null) =>
        (await Owner.PostAsJsonAsync("/webhooks/events", new[] { Seed.Inbound(to, from, text, "SM-" + Guid.NewGuid().ToString("N"), at: at) }, Json.Options)).EnsureSuccessStatusCode();

    /// <summary>The conversation of a customer on one of this brand's numbers, as the API lists it.</summary>
    public async Task<string> ConversationAsync(string customer)
    {
        var list = await Supervisor.GetOkAsync($"/api/v1/conversations?brandId={Brand}");
        return list["items"]!.AsArray().Single(c => c!["contactAddress"]!.GetValue<string>() == customer)!.Str("id");
    }

    public async Task<JsonArray> MessagesAsync(string conversation) => (await Supervisor.GetOkAsync($"/api/v1/conversations/{conversation}/messages"))["items"]!.AsArray();

    /// <summary>
    /// Signs the agent in on a page of its own browser context; sign-in lands on the inbox, whose list is up once it shows.
    /// <paramref name="prepare"/> sees the context before any page opens (to route its traffic, say).
    /// </summary>
    public async Task<IPage> SignInAsync(string email, ViewportSize? viewport = null, Func<IBrowserContext, Task>? prepare = null)
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = viewport ?? new() { Width = 1280, Height = 800 } });
        if (prepare is not null) await prepare(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{App.BaseUrl}/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page).ToHaveURLAsync($"{App.BaseUrl}/inbox", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#conversations")).ToBeAttachedAsync();
        return page;
    }

    public static ILocator Row(IPage page, string conversation) => page.Locator($"#conversations [data-conversation='{conversation}']");

    /// <summary>What the viewport shows, as the person at that screen sees it (a page that scrolls inside keeps its frame).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
