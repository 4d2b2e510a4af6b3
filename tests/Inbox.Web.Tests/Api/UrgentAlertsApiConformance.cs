using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>An admin allows an API key to send urgent alerts; only that key's alerts go through quiet hours.</summary>
public abstract class UrgentAlertsApiConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task OnlyAKeyCreatedWithAllowUrgentSendsAnUrgentAlertThroughQuietHours()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550177", purpose = "Alerts", providerAccount = "sandbox" });
        await owner.PostOkAsync($"/api/v1/brands/{brand}/consent", new { channel = "Sms", address = "+14255550188", action = "OptIn", reason = "signed up for card alerts" });
        await QuietNowAsync(owner, brand);
        var urgentKey = await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "fraud alerts", role = "Admin", allowUrgent = true });
        var plainKey = await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "ops", role = "Admin" });
        Assert.Equal((true, false), (urgentKey["allowUrgent"]!.GetValue<bool>(), plainKey["allowUrgent"]!.GetValue<bool>()));
        await owner.PostOkAsync("/api/v1/agents", new { name = "Ada", email = "ada@contoso.test", password = "correct horse", brandId = brand, role = "Admin" });
        var agent = app.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsJsonAsync("/account/login", new { email = "ada@contoso.test", password = "correct horse" })).StatusCode);
        var urgent = new { brandId = brand, channel = "Sms", purpose = "Alerts", to = "+14255550188", text = "Your card was blocked.", urgent = true, urgentReason = "suspected fraud" };

        var sent = await app.Client(urgentKey.Str("key")).PostAsJsonAsync("/api/v1/messages", urgent);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Null((await sent.ReadNodeAsync())["message"]!["heldUntil"]);

        foreach (var refused in new[] { app.Client(plainKey.Str("key")), owner, agent })
            await (await refused.PostAsJsonAsync("/api/v1/messages", urgent)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "urgent_not_allowed");
        await (await app.Client(urgentKey.Str("key")).PostAsJsonAsync("/api/v1/messages", urgent with { purpose = "Support" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await app.Client(urgentKey.Str("key")).PostAsJsonAsync("/api/v1/messages", urgent with { urgentReason = (string)null! }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, field: "urgentReason");
        var held = await app.Client(plainKey.Str("key")).PostAsJsonAsync("/api/v1/messages", urgent with { urgent = false });
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        Assert.NotNull((await held.ReadNodeAsync())["message"]!["heldUntil"]);
    }

    /// <summary>Hours that open at least an hour from now in Los Angeles, where +1 425 numbers are: anything that starts contact now is held.</summary>
    private static async Task QuietNowAsync(HttpClient owner, string brand)
    {
        var losAngeles = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        var from = losAngeles.Hour < 12 ? "14:00:00" : "02:00:00";
        var until = losAngeles.Hour < 12 ? "15:00:00" : "03:00:00";
        var response = await owner.PatchAsJsonAsync($"/api/v1/brands/{brand}/settings", new { quietHours = new { from, until } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class SqliteUrgentAlertsApi : UrgentAlertsApiConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresUrgentAlertsApi : UrgentAlertsApiConformance
{
    protected override string Store => Stores.Postgres;
}
