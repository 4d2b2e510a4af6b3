using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>What a team-limited agent may see and do, and what a refusal must not give away.</summary>
public abstract class PermissionsConformance
{
    private const string Password = "correct horse battery";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ATeamLimitedAgentSeesAContactOnlyThroughAConversationTheyMaySee()
    {
        await using var app = new InboxApp(Store);
        var (brand, _, agent) = await TwoTeamsAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        var billingContact = (await owner.GetOkAsync($"/api/v1/conversations?brandId={brand}&number=sms:%2B14255550101"))["items"]![0].Str("contactId");
        var supportContact = (await owner.GetOkAsync($"/api/v1/conversations?brandId={brand}&number=sms:%2B14255550100"))["items"]![0].Str("contactId");

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/contacts/{supportContact}")).StatusCode);
        await (await agent.GetAsync($"/api/v1/contacts/{billingContact}")).AssertProblemAsync(HttpStatusCode.NotFound, "contact_not_found");
        await (await agent.PatchAsJsonAsync($"/api/v1/contacts/{billingContact}", new { name = "Renamed" })).AssertProblemAsync(HttpStatusCode.NotFound, "contact_not_found");
        Assert.Empty((await agent.GetOkAsync("/api/v1/search?q=4255550124"))["contacts"]!.AsArray());
        Assert.Single((await agent.GetOkAsync("/api/v1/search?q=4255550123"))["contacts"]!.AsArray());
        Assert.Single((await owner.GetOkAsync("/api/v1/search?q=4255550124"))["contacts"]!.AsArray());
    }

    [StoreFact]
    public async Task MovingAConversationToAnotherTeamTakesASupervisor()
    {
        await using var app = new InboxApp(Store);
        var (brand, billing, agent) = await TwoTeamsAsync(app);
        var supportConversation = (await agent.GetOkAsync("/api/v1/conversations"))["items"]![0].Str("id");

        await (await agent.PatchAsJsonAsync($"/api/v1/conversations/{supportConversation}", new { teamId = billing })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var supervisor = app.Client((await app.Client(InboxApp.OwnerKey).PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "sup", role = "Supervisor" })).Str("key"));
        Assert.Equal(billing, (await supervisor.PatchAsJsonAsync($"/api/v1/conversations/{supportConversation}", new { teamId = billing })).StatusCode == HttpStatusCode.OK
            ? (await supervisor.GetOkAsync($"/api/v1/conversations/{supportConversation}")).Str("teamId") : "not moved");
    }

    [StoreFact]
    public async Task AnAgentsMembershipsInOtherBrandsStayHidden()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);
        var a = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var b = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var agent = (await owner.PostOkAsync("/api/v1/agents", new { name = "Kim", email = "kim@inbox.test", brandId = a, role = "Agent" })).Str("id");
        await owner.PutAsJsonAsync($"/api/v1/agents/{agent}/memberships/{b}", new { role = "Agent", teams = Array.Empty<string>() });
        var keyOfA = (await owner.PostOkAsync($"/api/v1/brands/{a}/api-keys", new { name = "ops", role = "Admin" })).Str("key");

        var seen = await app.Client(keyOfA).GetOkAsync($"/api/v1/agents/{agent}");

        Assert.Equal([a], seen["brands"]!.AsObject().Select(p => p.Key));
        Assert.Equal(2, (await owner.GetOkAsync($"/api/v1/agents/{agent}"))["brands"]!.AsObject().Count);
    }

    [StoreFact]
    public async Task ATakenAddressDoesNotNameTheBrandThatHasIt()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);
        var a = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var b = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{a}/numbers", new { channel = "Sms", address = "+14255550100", purpose = "Support", providerAccount = "sandbox" });
        var adminOfB = app.Client((await owner.PostOkAsync($"/api/v1/brands/{b}/api-keys", new { name = "ops", role = "Admin" })).Str("key"));

        var taken = await adminOfB.PostAsJsonAsync($"/api/v1/brands/{b}/numbers", new { channel = "Sms", address = "+14255550100", purpose = "Support", providerAccount = "sandbox" });

        var problem = await taken.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain(a, problem.ToJsonString());
        Assert.DoesNotContain("Contoso", problem.ToJsonString());
    }

    /// <summary>A brand with Support (+14255550100) and Billing (+14255550101) numbers, a conversation on each, and a signed-in agent of Support.</summary>
    private static async Task<(string Brand, string Billing, HttpClient Agent)> TwoTeamsAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var support = (await owner.PostOkAsync($"/api/v1/brands/{brand}/teams", new { name = "Support" })).Str("id");
        var billing = (await owner.PostOkAsync($"/api/v1/brands/{brand}/teams", new { name = "Billing" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550100", purpose = "Support", providerAccount = "sandbox", defaultTeamId = support });
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550101", purpose = "Support", providerAccount = "sandbox", defaultTeamId = billing });
        await owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound("+14255550100", "+14255550123", "support question", "SM-S"), Seed.Inbound("+14255550101", "+14255550124", "billing question", "SM-B") });
        await owner.PostOkAsync("/api/v1/agents", new { name = "Bo", email = "bo@contoso.test", password = Password, brandId = brand, role = "Agent", teams = new[] { support } });
        var agent = app.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsJsonAsync("/account/login", new { email = "bo@contoso.test", password = Password })).StatusCode);
        return (brand, billing, agent);
    }
}

public sealed class SqlitePermissions : PermissionsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresPermissions : PermissionsConformance
{
    protected override string Store => Stores.Postgres;
}
