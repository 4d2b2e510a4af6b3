using Microsoft.Playwright;

namespace Inbox.Web.Tests;

/// <summary>Proves the circuit works end to end: .NET 10's own blazor.web.js talks to this server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InteractivityTests(BrowserFixture fixture)
{
    [ChromiumFact]
    public async Task AButtonClickIsHandledOnTheServerAndRerenders()
    {
        var page = await LiveSessionConformance.SignedInOwnerPageAsync(fixture);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync($"{fixture.App.BaseUrl}/silo");
        var checks = page.Locator("#checks");
        await Assertions.Expect(checks).ToHaveTextAsync("1");

        // The page is prerendered; clicks do nothing until the circuit is up, so retry for a while.
        await LiveSessionConformance.UntilTheSiloPageAnswersAsync(page);

        Assert.Empty(errors);
        // Orleans' management grain counts the cluster's activations: at least the agents the sign-in read.
        Assert.True(int.Parse(await page.Locator("#activations").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "silo.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task TheServerPushesUpdatesOverTheCircuit()
    {
        var page = await LiveSessionConformance.SignedInOwnerPageAsync(fixture);
        await page.GotoAsync($"{fixture.App.BaseUrl}/silo");
        var checks = page.Locator("#checks");
        // A prerendered checkbox can be ticked before the circuit is up, and the server never hears of it:
        // wait until a click rerenders (the circuit is up), then turn live refresh on.
        await LiveSessionConformance.UntilTheSiloPageAnswersAsync(page);
        await page.Locator("#live").CheckAsync();
        var first = await checks.InnerTextAsync();

        await Assertions.Expect(page.Locator("#checks")).Not.ToHaveTextAsync(first, new() { Timeout = 5_000 });
    }
}
