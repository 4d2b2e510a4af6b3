using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Accounts;

/// <summary>A brand's API keys: listed without secrets, created with a role and an expiry, revoked at once.</summary>
public abstract class ApiKeysConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task KeysAreListedWithoutTheirSecretsAndARevokedKeyIsRefusedAtOnce()
    {
        await using var app = new InboxApp(Store);
        var (brand, supervisorKey, _, _) = await Seed.BrandWithConversationAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        var created = await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "alerts", role = "Admin", allowUrgent = true });
        var api = app.Client(created.Str("key"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/conversations")).StatusCode);

        var listed = (await owner.GetOkAsync($"/api/v1/brands/{brand}/api-keys")).AsArray();
        Assert.Equal(2, listed.Count);
        Assert.DoesNotContain(created.Str("key"), listed.ToJsonString());
        Assert.All(listed, k => Assert.Null(k!["key"]));
        Assert.True(listed.Single(k => k.Str("id") == created.Str("id"))!["allowUrgent"]!.GetValue<bool>());
        await (await app.Client(supervisorKey).GetAsync($"/api/v1/brands/{brand}/api-keys")).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/brands/{brand}/api-keys/{created.Str("id")}")).StatusCode);

        await (await api.GetAsync("/api/v1/conversations")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.NotNull((await owner.GetOkAsync($"/api/v1/brands/{brand}/api-keys")).AsArray().Single(k => k.Str("id") == created.Str("id"))!["revokedAt"]);
        await (await owner.DeleteAsync($"/api/v1/brands/{brand}/api-keys/{created.Str("id")}")).AssertProblemAsync(HttpStatusCode.NotFound, "api_key_not_found");
    }

    [StoreFact]
    public async Task AnExpiredKeyIsRefusedAndAnExpiryInThePastIsRefusedUpFront()
    {
        await using var app = new InboxApp(Store);
        var (brand, _, _, _) = await Seed.BrandWithConversationAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);

        var past = await owner.PostAsJsonAsync($"/api/v1/brands/{brand}/api-keys", new { name = "old", role = "Supervisor", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await past.AssertProblemAsync(HttpStatusCode.BadRequest, "bad_expiresAt", "expiresAt");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var brief = await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "brief", role = "Supervisor", expiresAt });
        var api = app.Client(brief.Str("key"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/conversations")).StatusCode);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));

        await (await api.GetAsync("/api/v1/conversations")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class SqliteApiKeys : ApiKeysConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresApiKeys : ApiKeysConformance
{
    protected override string Store => Stores.Postgres;
}
