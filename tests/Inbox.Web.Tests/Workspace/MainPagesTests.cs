using Inbox.Web.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Inbox.Web.Tests.Workspace;

/// <summary>
/// Every page an agent works in, on the demo's data (two brands, customers on SMS, WhatsApp and Messenger), on a
/// desktop and on a phone: axe-core finds nothing serious or critical on any of them, and each is saved as a screenshot
/// (bin/.../screenshots, the ones docs/screenshots holds).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MainPagesTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [ChromiumFact]
    public async Task TheMainPagesHaveNoSeriousAccessibilityFindingsOnADesktopOrAPhone()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        // Closed before the app stops (declared after it), so the app's stop never waits on a live circuit.
        await using var desktop = await fixture.Browser.NewContextAsync(new() { ViewportSize = Desktop });
        await using var phone = await fixture.Browser.NewContextAsync(new() { ViewportSize = Phone, IsMobile = true, HasTouch = true });
        var findings = new List<string>();

        var page = await desktop.NewPageAsync();
        await SignInAsync(app, page, "desktop", findings);
        var ana = Contact(page, "Ana");
        // One list across the channels: SMS, WhatsApp and Messenger customers side by side.
        foreach (var customer in new[] { "Ana", "Ben", "Mia", "Erik" })
            await Assertions.Expect(Contact(page, customer)).ToBeVisibleAsync();
        await CheckAsync(page, "inbox-desktop", findings);

        await ana.ClickAsync();
        await Assertions.Expect(page.Locator("#thread .message.inbound")).ToHaveCountAsync(2);
        await page.FillAsync("#composer-text", "Sorry for the wait, Ana: order #1042 left our warehouse this morning and arrives tomorrow.");
        await page.ClickAsync("#send-reply");
        await Assertions.Expect(page.Locator("#thread .message.outbound")).ToHaveCountAsync(1);
        await page.FillAsync("#composer-text", "Courier confirmed the new date by phone.");
        await page.ClickAsync("#add-note");
        await Assertions.Expect(page.Locator("#thread .message.note")).ToHaveCountAsync(1);
        await CheckAsync(page, "thread-desktop", findings);

        await page.GotoAsync($"{app.BaseUrl}/password");
        await CheckAsync(page, "password-desktop", findings);

        var simulator = await desktop.NewPageAsync();
        await simulator.GotoAsync($"{app.BaseUrl}/simulator");
        await Assertions.Expect(simulator.Locator("#simulator")).ToHaveAttributeAsync("data-interactive", "yes", new() { Timeout = 15_000 });
        await simulator.SelectOptionAsync("#brand-number", "sms:+15550100100");
        await simulator.FillAsync("#customer", "+14255550123");
        await simulator.PressAsync("#customer", "Tab");
        await simulator.FillAsync("#message", "Great, thank you!");
        await simulator.PressAsync("#message", "Tab");
        await simulator.ClickAsync("#send");
        await Assertions.Expect(simulator.Locator("#transcript .from-customer", new() { HasText = "Great, thank you!" })).ToBeVisibleAsync();
        await CheckAsync(simulator, "simulator-desktop", findings);

        var small = await phone.NewPageAsync();
        await SignInAsync(app, small, "phone", findings);
        await Assertions.Expect(small.Locator(".inbox-thread")).ToBeHiddenAsync();
        await CheckAsync(small, "inbox-phone", findings);
        await Contact(small, "Ana").ClickAsync();
        await Assertions.Expect(small.Locator("#thread .message.note")).ToHaveCountAsync(1);
        await Assertions.Expect(small.Locator(".inbox-list")).ToBeHiddenAsync();
        await CheckAsync(small, "thread-phone", findings);

        foreach (var finding in findings) output.WriteLine(finding);
        Assert.True(findings.Count == 0, $"axe-core found {findings.Count} serious or critical problems:{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");
    }

    private static ILocator Contact(IPage page, string name) =>
        page.Locator("#conversations .conversation").Filter(new() { Has = page.Locator(".contact").GetByText(name, new() { Exact = true }) });

    private static async Task SignInAsync(InboxApp app, IPage page, string device, List<string> findings)
    {
        await page.GotoAsync($"{app.BaseUrl}/login");
        await CheckAsync(page, $"sign-in-{device}", findings);
        await page.FillAsync("#email", DemoData.SupervisorEmail);
        await page.FillAsync("#password", DemoData.Password);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/inbox", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#conversations .conversation").First).ToBeVisibleAsync();
    }

    private static async Task CheckAsync(IPage page, string name, List<string> findings)
    {
        await Workspace.ScreenshotAsync(page, name);
        findings.AddRange(await Accessibility.FindingsAsync(page, name));
    }
}
