using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Accounts;

/// <summary>Who am I, passwords, sessions that end when they should, and the sign-in form's antiforgery, over HTTP.</summary>
public abstract class AccountsConformance
{
    private const string Password = "correct horse battery";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task MeSaysWhoTheCallerIsWithBrandsRolesAndTeams()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var (email, _) = await AgentAsync(app, brand);
        var agent = await SignedInAsync(app, email, Password);

        var me = await agent.GetOkAsync("/api/v1/me");
        Assert.Equal("agent", me.Str("kind"));
        Assert.Equal(email, me.Str("email"));
        Assert.Equal(brand, me["brands"]![0].Str("brandId"));
        Assert.Equal("Agent", me["brands"]![0].Str("role"));
        Assert.Single(me["brands"]![0]!["teams"]!.AsArray());

        var asKey = await app.Client(key).GetOkAsync("/api/v1/me");
        Assert.Equal("apikey", asKey.Str("kind"));
        Assert.Equal("Supervisor", asKey["brands"]![0].Str("role"));
        Assert.Equal("owner", (await app.Client(InboxApp.OwnerKey).GetOkAsync("/api/v1/me")).Str("kind"));
        await (await app.Client().GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [StoreFact]
    public async Task ShortPasswordsAndTheDemoPasswordAreRefusedOutsideTheDemo()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);

        var shortOne = await owner.PostAsJsonAsync("/api/v1/agents", new { name = "Kim", email = "kim@contoso.test", password = "too short" });
        await shortOne.AssertProblemAsync(HttpStatusCode.BadRequest, "short_password", "password");
        var demo = await owner.PostAsJsonAsync("/api/v1/agents", new { name = "Kim", email = "kim@contoso.test", password = Demo.DemoData.Password });
        await demo.AssertProblemAsync(HttpStatusCode.BadRequest, "demo_password", "password");
    }

    [StoreFact]
    public async Task TheDemoPasswordOpensNoAccountOnceTheDemoIsOff()
    {
        var store = InboxApp.StoreSettings(Store);
        await using (var demo = new InboxApp(Store, new Dictionary<string, string?>(store) { ["Inbox:Demo:Enabled"] = "true" }))
            Assert.Equal(HttpStatusCode.NoContent, (await demo.Client().PostAsJsonAsync("/account/login", new { email = Demo.DemoData.AgentEmail, password = Demo.DemoData.Password })).StatusCode);
        await using var app = new InboxApp(Store, store);

        var login = await app.Client().PostAsJsonAsync("/account/login", new { email = Demo.DemoData.AgentEmail, password = Demo.DemoData.Password });

        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "demo_password");
    }

    [StoreFact]
    public async Task SigningOutEndsTheSessionEvenForACopyOfItsCookie()
    {
        await using var app = new InboxApp(Store);
        var (email, _) = await AgentAsync(app);
        var cookies = new CookieContainer();
        var agent = app.Client(cookies: cookies);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsJsonAsync("/account/login", new { email, password = Password })).StatusCode);
        var copy = new CookieContainer();
        copy.Add(cookies.GetAllCookies());

        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsync("/account/logout", null)).StatusCode);

        await (await app.Client(cookies: copy).GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [StoreFact]
    public async Task ChangingMyPasswordEndsMyOtherSessionsAndKeepsThisOne()
    {
        await using var app = new InboxApp(Store);
        var (email, _) = await AgentAsync(app);
        var laptop = await SignedInAsync(app, email, Password);
        var phone = await SignedInAsync(app, email, Password);

        var wrong = await laptop.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "not my password", newPassword = "a brand new password" });
        await wrong.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "wrong_password");
        var shortOne = await laptop.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "short" });
        await shortOne.AssertProblemAsync(HttpStatusCode.BadRequest, "short_password", "newPassword");
        Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "a brand new password" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/v1/me")).StatusCode);
        await (await phone.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await SignedInAsync(app, email, "a brand new password");
    }

    [StoreFact]
    public async Task SigningOutEverywhereEndsEverySession()
    {
        await using var app = new InboxApp(Store);
        var (email, _) = await AgentAsync(app);
        var laptop = await SignedInAsync(app, email, Password);
        var phone = await SignedInAsync(app, email, Password);

        Assert.Equal(HttpStatusCode.NoContent, (await phone.DeleteAsync("/api/v1/me/sessions")).StatusCode);

        await (await laptop.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await phone.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [StoreFact]
    public async Task AnAdminsResetEndsTheAgentsSessionsAndTheyMustChooseAPasswordFirst()
    {
        await using var app = new InboxApp(Store);
        var (brand, _, _, _) = await Seed.BrandWithConversationAsync(app);
        var (email, id) = await AgentAsync(app, brand);
        var before = await SignedInAsync(app, email, Password);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client(InboxApp.OwnerKey).PostAsJsonAsync($"/api/v1/agents/{id}/password", new { password = "reset by the admin" })).StatusCode);

        await (await before.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var agent = await SignedInAsync(app, email, "reset by the admin");
        Assert.True((await agent.GetOkAsync("/api/v1/me"))["mustChangePassword"]!.GetValue<bool>());
        await (await agent.GetAsync("/api/v1/conversations")).AssertProblemAsync(HttpStatusCode.Forbidden, "password_change_required");
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "reset by the admin", newPassword = "chosen by the agent" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/conversations")).StatusCode);
    }

    [StoreFact]
    public async Task DisablingAnAgentEndsTheirSessionsAndSignInsUntilEnabled()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var (email, id) = await AgentAsync(app, brand);
        var agent = await SignedInAsync(app, email, Password);
        var owner = app.Client(InboxApp.OwnerKey);

        await (await app.Client(key).PostAsync($"/api/v1/agents/{id}/disable", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.True((await owner.PostOkAsync($"/api/v1/agents/{id}/disable", new { }))["disabled"]!.GetValue<bool>());

        await (await agent.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client().PostAsJsonAsync("/account/login", new { email, password = Password })).AssertProblemAsync(HttpStatusCode.Unauthorized, "agent_disabled");
        await owner.PostOkAsync($"/api/v1/agents/{id}/enable", new { });
        await SignedInAsync(app, email, Password);
    }

    [StoreFact]
    public async Task ACrossSiteFormPostWithoutTheTokenIsRefusedAndThePagesFormWorks()
    {
        await using var app = new InboxApp(Store);
        var (email, _) = await AgentAsync(app);

        var forged = await app.Client().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = Password }));

        await forged.AssertProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        var client = app.Client();
        var real = await Forms.SignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [StoreFact]
    public async Task TheSessionCookieIsHttpOnlyAndLax()
    {
        await using var app = new InboxApp(Store);
        var (email, _) = await AgentAsync(app);

        var login = await app.Client().PostAsJsonAsync("/account/login", new { email, password = Password });

        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("inbox.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(string Email, string Id)> AgentAsync(InboxApp app, string? brand = null)
    {
        var email = $"kim-{Guid.NewGuid():N}@contoso.test";
        var owner = app.Client(InboxApp.OwnerKey);
        if (brand is not null)
        {
            var team = (await owner.GetOkAsync($"/api/v1/brands/{brand}"))["teams"]![0].Str("id");
            var member = await owner.PostOkAsync("/api/v1/agents", new { name = "Kim", email, password = Password, brandId = brand, role = "Agent", teams = new[] { team } });
            return (email, member.Str("id"));
        }
        return (email, (await owner.PostOkAsync("/api/v1/agents", new { name = "Kim", email, password = Password })).Str("id"));
    }

    private static async Task<HttpClient> SignedInAsync(InboxApp app, string email, string password)
    {
        var client = app.Client();
        var login = await client.PostAsJsonAsync("/account/login", new { email, password });
        Assert.True(login.StatusCode == HttpStatusCode.NoContent, $"sign-in: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        return client;
    }
}

public sealed class SqliteAccounts : AccountsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresAccounts : AccountsConformance
{
    protected override string Store => Stores.Postgres;
}
