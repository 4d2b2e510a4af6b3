using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Actors.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>Consent, its import and audit, the composer and the figures over real HTTP.</summary>
public abstract class ComplianceApiConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ConsentIsReadChangedAndImportedWithAnAuditTrail()
    {
        await using var app = new InboxApp(Store);
        var (brand, key) = await SetUpAsync(app);
        var api = app.Client(key);

        var changed = await api.PostOkAsync($"/api/v1/brands/{brand}/consent",
            new { channel = "Sms", address = "+1 425 555 0123", action = "OptIn", reason = "web form", numberKey = "sms:+14255550100" });
        Assert.True(changed["numbers"]![0]!["alerts"]!.GetValue<bool>());

        var csv = new StringContent("channel,address,action,reason\nsms,+14255550124,optIn,paper form\nsms,+14255550125,optInMarketing,fair\nsms,not-a-phone,optIn,oops\n",
            System.Text.Encoding.UTF8, "text/csv");
        var imported = await (await api.PostAsync($"/api/v1/brands/{brand}/consent/import", csv)).ReadNodeAsync();
        Assert.Equal(2, imported["imported"]!.GetValue<int>());
        Assert.Contains("row 3", imported["errors"]![0]!.GetValue<string>());
        var json = await api.PostOkAsync($"/api/v1/brands/{brand}/consent/import", new[] { new { channel = "Sms", address = "+14255550126", action = "OptOut", reason = "asked by email" } });
        Assert.Equal(1, json["imported"]!.GetValue<int>());

        var record = await api.GetOkAsync($"/api/v1/brands/{brand}/consent?channel=Sms&address=%2B14255550125");
        Assert.True(record["current"]!["numbers"]![0]!["marketing"]!.GetValue<bool>());
        var history = record["history"]!.AsArray();
        Assert.Equal(("opt_in_marketing", "import", "fair"), (history[0].Str("change"), history[0].Str("method"), history[0].Str("reason")));

        var badEvidence = await api.PostAsJsonAsync($"/api/v1/brands/{brand}/consent", new { channel = "Sms", address = "+14255550127", action = "OptIn", method = "Agent" });
        Assert.Equal(HttpStatusCode.BadRequest, badEvidence.StatusCode);
        Assert.Equal("missing_evidence", (await badEvidence.ReadNodeAsync()).Str("code"));
    }

    [StoreFact]
    public async Task TheComposerAndTheFiguresAreOnTheApi()
    {
        await using var app = new InboxApp(Store);
        var (brand, key) = await SetUpAsync(app);
        var api = app.Client(key);
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[]
        {
            new { kind = "Message", channel = "Sms", numberAddress = "+14255550100", senderAddress = "+14255550123", dedupeKey = "SM-1", providerTimestamp = DateTimeOffset.UtcNow, text = "hi" },
            new { kind = "Message", channel = "Sms", numberAddress = "+14255550100", senderAddress = "+14255550123", dedupeKey = "SM-2", providerTimestamp = DateTimeOffset.UtcNow, text = "STOP" },
        });
        var id = (await api.GetOkAsync("/api/v1/conversations"))["items"]![0].Str("id");

        var composer = await api.GetOkAsync($"/api/v1/conversations/{id}/composer");
        Assert.Equal("sms:+14255550100", composer.Str("numberKey"));
        Assert.True(composer["consent"]!["optedOut"]!.GetValue<bool>());
        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "One more thing" });
        await reply.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "opted_out");

        var figures = await api.GetOkAsync($"/api/v1/brands/{brand}/figures?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}");
        var sms = figures["channels"]!.AsArray().Single(c => c.Str("channel") == "Sms")!;
        Assert.Equal(1, sms["optOuts"]!.GetValue<int>());
        Assert.Equal(1, sms["refusedByConsent"]!.GetValue<int>());
    }

    private static async Task<(string Brand, string Key)> SetUpAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550100", purpose = "Support", providerAccount = "sandbox" });
        var key = (await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "ops", role = "Admin" })).Str("key");
        return (brand, key);
    }
}

public sealed class SqliteComplianceApi : ComplianceApiConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresComplianceApi : ComplianceApiConformance
{
    protected override string Store => Stores.Postgres;
}
