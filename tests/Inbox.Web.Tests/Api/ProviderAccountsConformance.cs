using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>Provider accounts are owned by a brand or by the instance owner, who shares them with named brands; a number uses only one its brand may.</summary>
public abstract class ProviderAccountsConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ANumberIsRefusedWithAnAccountThatDoesNotExistOrIsAnotherBrands()
    {
        await using var app = new InboxApp(Store);
        var (a, adminA, b, adminB) = await TwoBrandsAsync(app);
        var accountOfA = (await adminA.PostOkAsync("/api/v1/provider-accounts", new { kind = "TelegramBot", name = "Contoso bot", brandId = a })).Str("id");

        await (await Register(adminB, b, "7000000002", accountOfA)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_provider_account");
        await (await Register(adminB, b, "7000000002", "acc_nope")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_provider_account");
        Assert.Equal(HttpStatusCode.Created, (await Register(adminA, a, "7000000001", accountOfA)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Register(adminB, b, "7000000002", "sandbox")).StatusCode);
    }

    [StoreFact]
    public async Task TheOwnersAccountServesOnlyTheBrandsItIsSharedWith()
    {
        await using var app = new InboxApp(Store);
        var (a, adminA, b, adminB) = await TwoBrandsAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        var shared = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "MetaApp", name = "Our Meta app", sharedWith = new[] { a } })).Str("id");

        Assert.Equal(HttpStatusCode.Created, (await Register(adminA, a, "7000000001", shared)).StatusCode);
        await (await Register(adminB, b, "7000000002", shared)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_provider_account");
        var changed = await owner.PatchAsJsonAsync($"/api/v1/provider-accounts/{shared}", new { sharedWith = new[] { a, b } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Register(adminB, b, "7000000002", shared)).StatusCode);
    }

    [StoreFact]
    public async Task EachCallerListsTheAccountsTheirBrandsMayUseAndOnlyTheOwnerMakesSharedOnes()
    {
        await using var app = new InboxApp(Store);
        var (a, adminA, b, adminB) = await TwoBrandsAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        var ofA = (await adminA.PostOkAsync("/api/v1/provider-accounts", new { kind = "AcsResource", name = "Contoso ACS", brandId = a })).Str("id");
        var ofB = (await adminB.PostOkAsync("/api/v1/provider-accounts", new { kind = "AcsResource", name = "Fabrikam ACS", brandId = b })).Str("id");
        var sharedWithA = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "MetaApp", name = "Our Meta app", sharedWith = new[] { a } })).Str("id");

        var listed = (await adminA.GetOkAsync("/api/v1/provider-accounts")).AsArray().Select(x => x.Str("id")).ToArray();

        Assert.Contains(ofA, listed);
        Assert.Contains(sharedWithA, listed);
        Assert.Contains("sandbox", listed);
        Assert.DoesNotContain(ofB, listed);
        var all = (await owner.GetOkAsync("/api/v1/provider-accounts")).AsArray().Select(x => x.Str("id")).Where(id => id != "sandbox").Order();
        Assert.Equal(new[] { ofA, ofB, sharedWithA }.Order(), all);
        await (await adminA.PostAsJsonAsync("/api/v1/provider-accounts", new { kind = "MetaApp", name = "Mine for all" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await adminA.PostAsJsonAsync("/api/v1/provider-accounts", new { kind = "MetaApp", name = "Theirs", brandId = b })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await adminA.PatchAsJsonAsync($"/api/v1/provider-accounts/{ofB}", new { name = "Hijacked" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> Register(HttpClient admin, string brand, string botId, string account) =>
        admin.PostAsJsonAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Telegram", address = botId, purpose = "Support", providerAccount = account });

    private static async Task<(string A, HttpClient AdminA, string B, HttpClient AdminB)> TwoBrandsAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var a = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var b = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var keyA = (await owner.PostOkAsync($"/api/v1/brands/{a}/api-keys", new { name = "ops", role = "Admin" })).Str("key");
        var keyB = (await owner.PostOkAsync($"/api/v1/brands/{b}/api-keys", new { name = "ops", role = "Admin" })).Str("key");
        return (a, app.Client(keyA), b, app.Client(keyB));
    }
}

public sealed class SqliteProviderAccounts : ProviderAccountsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresProviderAccounts : ProviderAccountsConformance
{
    protected override string Store => Stores.Postgres;
}
