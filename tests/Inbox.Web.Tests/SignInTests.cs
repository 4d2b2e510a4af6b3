using System.Net;
using Microsoft.Playwright;

namespace Inbox.Web.Tests;

/// <summary>An agent signs in through the page; a wrong password says so and keeps them there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [ChromiumFact]
    public async Task AnAgentSignsInOnThePageAndAWrongPasswordIsExplained()
    {
        var email = $"kim-{Guid.NewGuid():N}@contoso.test";
        await fixture.App.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Kim", email, password = "right password" });
        var page = await fixture.Browser.NewPageAsync();

        await page.GotoAsync($"{fixture.App.BaseUrl}/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("The email or the password is wrong");

        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "right password");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page).ToHaveURLAsync($"{fixture.App.BaseUrl}/inbox", new() { Timeout = 30_000 });
        await page.GotoAsync($"{fixture.App.BaseUrl}/login");
        await Assertions.Expect(page.Locator("#signed-in")).ToContainTextAsync("Signed in as Kim");

        await page.ClickAsync("#sign-out");
        await page.GotoAsync($"{fixture.App.BaseUrl}/login");
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
    }
}

public sealed class SignInRedirectTests : IClassFixture<HostTests.App>
{
    private readonly InboxApp _app;

    public SignInRedirectTests(HostTests.App app) => _app = app.Factory;

    [Theory]
    [InlineData("//evil.example/steal", "/inbox")]
    [InlineData("/\\evil.example", "/inbox")]
    [InlineData("https://evil.example", "/inbox")]
    [InlineData("/silo", "/silo")]
    public async Task SignInOnlyEverReturnsToAPageOfThisSite(string returnUrl, string expected)
    {
        var email = $"lee-{Guid.NewGuid():N}@contoso.test";
        await _app.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Lee", email, password = "a long secret" });

        var response = await Forms.SignInAsync(_app.Client(), email, "a long secret", returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AFailedSignInReturnsToThePageWithTheReason()
    {
        var response = await Forms.SignInAsync(_app.Client(), "nobody@contoso.test", "x", "/silo");

        Assert.Equal("/login?failed=1&returnUrl=%2Fsilo", response.Headers.Location?.OriginalString);
        var page = await _app.Client().GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("The email or the password is wrong", page);
    }

    [Fact]
    public async Task ADisabledAgentSigningInOnThePageIsToldWhy()
    {
        var email = $"dee-{Guid.NewGuid():N}@contoso.test";
        var owner = _app.Client(InboxApp.OwnerKey);
        var id = (await owner.PostOkAsync("/api/v1/agents", new { name = "Dee", email, password = "a long secret" })).Str("id");
        await owner.PostOkAsync($"/api/v1/agents/{id}/disable", new { });

        var response = await Forms.SignInAsync(_app.Client(), email, "a long secret", "/silo");

        Assert.Equal("/login?failed=disabled&returnUrl=%2Fsilo", response.Headers.Location?.OriginalString);
        Assert.Contains("This agent is disabled", await _app.Client().GetStringAsync(response.Headers.Location!.OriginalString));
    }
}
