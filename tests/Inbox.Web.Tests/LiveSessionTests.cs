using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Inbox.Web.Tests;

/// <summary>
/// A live page lives only as long as its session: signing out, or a new password chosen on another
/// device, closes the open circuit and sends the browser to the sign-in page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveSessionTests(BrowserFixture fixture)
{
    private const string Password = "a long owner secret";

    [ChromiumFact]
    public async Task SigningOutClosesTheOpenLivePage()
    {
        var page = await SignedInOwnerPageAsync(fixture);
        await OpenLiveSiloAsync(page);

        var signOut = await page.Context.APIRequest.PostAsync($"{fixture.App.BaseUrl}/account/logout");
        Assert.Equal((int)HttpStatusCode.NoContent, signOut.Status);

        await page.WaitForURLAsync($"{fixture.App.BaseUrl}/login?ended=1", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#session-ended")).ToBeVisibleAsync();
    }

    [ChromiumFact]
    public async Task ANewPasswordChosenElsewhereClosesTheOpenLivePage()
    {
        var email = await NewOwnerAsync(fixture.App);
        var page = await SignedInPageAsync(fixture, email);
        await OpenLiveSiloAsync(page);

        // The same agent on another device changes the password: every other session ends.
        var other = fixture.App.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(other, email, Password)).StatusCode);
        var change = await other.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "another long secret" });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        await page.WaitForURLAsync($"{fixture.App.BaseUrl}/login?ended=1", new() { Timeout = 10_000 });
    }

    [ChromiumFact]
    public async Task TheSiloPageIsForOwnersOnly()
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/silo");
        await page.WaitForURLAsync($"{fixture.App.BaseUrl}/login?ReturnUrl=%2Fsilo");

        var email = $"ari-{Guid.NewGuid():N}@contoso.test";
        await fixture.App.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Ari", email, password = Password });
        var agent = await SignedInPageAsync(fixture, email);
        await agent.GotoAsync($"{fixture.App.BaseUrl}/silo");
        await Assertions.Expect(agent.Locator("#not-authorized")).ToContainTextAsync("not open to you");
        Assert.Equal(0, await agent.Locator("#checks").CountAsync());
    }

    /// <summary>A fresh owner agent, signed in on a new page of its own browser context.</summary>
    public static async Task<IPage> SignedInOwnerPageAsync(BrowserFixture fixture) => await SignedInPageAsync(fixture, await NewOwnerAsync(fixture.App));

    private static async Task<string> NewOwnerAsync(InboxApp app)
    {
        var email = $"owner-{Guid.NewGuid():N}@contoso.test";
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Olive Owner", email, password = Password, isOwner = true });
        return email;
    }

    private static async Task<IPage> SignedInPageAsync(BrowserFixture fixture, string email)
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync($"{fixture.App.BaseUrl}/");
        return page;
    }

    /// <summary>Opens the Silo page and waits until its circuit answers a click.</summary>
    private async Task OpenLiveSiloAsync(IPage page)
    {
        await page.GotoAsync($"{fixture.App.BaseUrl}/silo");
        var checks = page.Locator("#checks");
        for (var i = 0; i < 40 && await checks.InnerTextAsync() == "1"; i++)
        {
            await page.ClickAsync("#refresh");
            await Task.Delay(250);
        }
        Assert.NotEqual("1", await checks.InnerTextAsync());
    }
}
