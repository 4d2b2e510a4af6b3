using System.Net;
using System.Net.Http.Json;
using Inbox.Web.Demo;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Inbox.Web.Tests.Demos;

/// <summary>
/// The customer simulator in Chromium, on a demo app of its own: a customer's text typed on the page reaches the
/// brand's conversation (seen through the API), an agent's reply through the API comes back on the page with its
/// delivered tick, HELP is answered with the brand's help text, and a refused webhook is shown in words.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulatorTests(BrowserFixture fixture)
{
    private const string Customer = "+14255550777";

    [Fact]
    public async Task InTheDemoTheFakesAreMappedUnderTheAppAndLeftOutOfTheApiDescription()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "");
        Assert.Contains("/demo/fakes/acs/sms", routes);
        // ACS's answer to an unsigned request, from the app's own port.
        var unsigned = await app.Client().PostAsync("/demo/fakes/acs/sms?api-version=2021-03-07", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.DoesNotContain("/demo/", await app.Client().GetStringAsync("/openapi/v1.json"));
    }

    [Fact]
    public async Task TheSimulatorIsMarkedAsASimulationAndListsTheBrandNumbersWithAFake()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });

        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/simulator"));

        Assert.Contains("simulation-banner", page);
        foreach (var number in new[] { "sms:+15550100100", "sms:+15550100103", "sms:+15550100102", "telegram:1000000003" }) Assert.Contains($"value=\"{number}\"", page);
        Assert.Contains("Fabrikam Bikes · SMS · +15550100103 (support)", page);
    }

    [Fact]
    public async Task WithoutTheDemoTheSimulatorAndTheFakesAreNotFound()
    {
        await using var app = new InboxApp();

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/simulator")).StatusCode);
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "");
        Assert.DoesNotContain(routes, r => r.StartsWith(DemoChannels.Prefix, StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task ACustomerTypesAMessageAnAgentRepliesAndTheReplyArrivesWithItsDeliveredTick()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        // Closed before the app stops (declared after it), so the app's stop never waits on a live circuit.
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync($"{app.BaseUrl}/simulator");
        await Assertions.Expect(page.Locator("#simulator")).ToHaveAttributeAsync("data-interactive", "yes", new() { Timeout = 15_000 });

        await page.SelectOptionAsync("#brand-number", "sms:+15550100103");
        await page.FillAsync("#customer", Customer);
        await page.PressAsync("#customer", "Tab");
        await page.FillAsync("#message", "Is my bike ready for pickup?");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#transcript .from-customer")).ToContainTextAsync("Is my bike ready for pickup?");

        var agent = await DemoSmsConformance.SignInAsync(app, DemoData.WorkshopEmail);
        var conversation = await DemoSmsConformance.ConversationOfAsync(agent, Customer);
        var thread = (await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray();
        Assert.Equal("Is my bike ready for pickup?", Assert.Single(thread)!.Str("text"));
        await agent.PostOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "Yes: the brakes are done, come by before 6." });

        var reply = page.Locator("#transcript .from-brand", new() { HasText = "the brakes are done" });
        await Assertions.Expect(reply).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(reply.Locator(".tick")).ToHaveTextAsync("✓✓ delivered", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#channel-ticks")).ToHaveTextAsync("sent, delivered");

        await page.ClickAsync("#send-help");
        await Assertions.Expect(page.Locator("#transcript .from-brand", new() { HasText = "Fabrikam Bikes: help at" })).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var changed = await app.Client(InboxApp.OwnerKey).PutAsJsonAsync($"/api/v1/provider-accounts/{AcsDemoChannel.AccountId}/credentials", new { eventGridSecret = "not-what-event-grid-sends" });
        changed.EnsureSuccessStatusCode();
        await page.FillAsync("#message", "Hello again?");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#refusal")).ToContainTextAsync("Inbox refused the provider's webhook (401)");
        await Assertions.Expect(page.Locator("#transcript .from-customer", new() { HasText = "Hello again?" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "simulator.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
