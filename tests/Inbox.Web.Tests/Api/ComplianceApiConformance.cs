using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;

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
        var asTheChannel = await api.PostAsJsonAsync($"/api/v1/brands/{brand}/consent", new { channel = "Sms", address = "+14255550127", action = "OptOut", method = "Channel" });
        await asTheChannel.AssertProblemAsync(HttpStatusCode.BadRequest, "bad_method", "method"); // only the channel itself reports an unsubscribe or a block
    }

    [StoreFact]
    public async Task TheAuditTrailShowsWhenEachChangeWasMadeAndReceivedAndAgreesWithTheCurrentState()
    {
        await using var app = new InboxApp(Store);
        var (brand, key) = await SetUpAsync(app);
        var api = app.Client(key);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var (start, stop) = (now.AddMinutes(-2), now.AddMinutes(-1));

        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[]
        {
            new { kind = "Message", channel = "Sms", numberAddress = "+14255550100", senderAddress = "+14255550123", dedupeKey = "SM-STOP", providerTimestamp = stop, text = "STOP" },
            new { kind = "Message", channel = "Sms", numberAddress = "+14255550100", senderAddress = "+14255550123", dedupeKey = "SM-START", providerTimestamp = start, text = "START" },
        });

        var record = await api.GetOkAsync($"/api/v1/brands/{brand}/consent?channel=Sms&address=%2B14255550123");
        Assert.True(record["current"]!["numbers"]![0]!["optedOut"]!.GetValue<bool>());
        var history = record["history"]!.AsArray();
        Assert.Equal([("opt_out", stop), ("opt_in", start)], history.Select(h => (h.Str("change"), h!["at"]!.GetValue<DateTimeOffset>())));
        Assert.All(history, h => Assert.True(h!["receivedAt"]!.GetValue<DateTimeOffset>() >= now, "received after it was written"));
    }

    [StoreFact]
    public async Task AJsonImportRefusesEachBadRowOnItsOwnAndTakesEitherSpellingOfAnAction()
    {
        await using var app = new InboxApp(Store);
        var (brand, key) = await SetUpAsync(app);
        var api = app.Client(key);
        var logged = app.Logs.Entries.Count;
        var body = """
            [
              { "channel": "Sms", "address": "+14255550130", "action": "optIn", "reason": "web form" },
              { "channel": "sms", "address": "+14255550131", "action": "opt_in_marketing", "reason": "fair" },
              { "channel": "Sms", "address": "+14255550132", "action": "Bogus" },
              { "channel": "Pigeon", "address": "+14255550133", "action": "optOut" },
              { "channel": "Sms", "address": 14255550134, "action": "optOut" },
              { "channel": "Sms", "action": "optOut" },
              { "channel": "Sms", "address": "+14255550135", "action": "OPT_OUT" },
              { "channel": "Sms", "address": "+14255550136", "action": "optIn", "numberKey": "sms:+19995550000" },
              "not a row",
              { "channel": "Sms", "address": "+14255550137", "action": "WithdrawMarketing" }
            ]
            """;

        var response = await api.PostAsync($"/api/v1/brands/{brand}/consent/import", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadNodeAsync();
        Assert.Equal(4, result["imported"]!.GetValue<int>());
        var rows = result["rows"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 10), rows.Select(r => r!["row"]!.GetValue<int>()));
        Assert.Equal(["imported", "imported", "refused", "refused", "refused", "refused", "imported", "refused", "refused", "imported"], rows.Select(r => r.Str("status")));
        Assert.Equal(["action", "channel", "address", "address", "numberKey", "$"], rows.Where(r => r.Str("status") == "refused").Select(r => r.Str("field")));
        Assert.All(rows.Where(r => r.Str("status") == "refused"), r => Assert.False(string.IsNullOrWhiteSpace(r.Str("code")) || string.IsNullOrWhiteSpace(r.Str("error"))));
        Assert.Contains("Bogus", rows[2].Str("error"));
        Assert.Contains(result["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("row 3", StringComparison.Ordinal));

        var marketing = await api.GetOkAsync($"/api/v1/brands/{brand}/consent?channel=Sms&address=%2B14255550131");
        Assert.Equal(("opt_in_marketing", "import", "fair"), (marketing["history"]![0].Str("change"), marketing["history"]![0].Str("method"), marketing["history"]![0].Str("reason")));
        var optedOut = await api.GetOkAsync($"/api/v1/brands/{brand}/consent?channel=Sms&address=%2B14255550135");
        Assert.True(optedOut["current"]!["numbers"]![0]!["optedOut"]!.GetValue<bool>());
        Assert.Empty(app.Logs.ErrorsSince(logged));
    }

    [StoreFact]
    public async Task ACsvImportRefusesEachBadRowOnItsOwn()
    {
        await using var app = new InboxApp(Store);
        var (brand, key) = await SetUpAsync(app);
        var api = app.Client(key);
        var csv = "channel,address,action,numberKey,reason\r\n" +
                  "sms,+14255550140,opt_in,,\"paper form, signed\"\r\n" +
                  "sms,+14255550141,Bogus,,x\r\n" +
                  "pigeon,+14255550142,optIn,,\r\n" +
                  "sms,+14255550143,optInMarketing,sms:+14255550100,fair\r\n";

        var response = await api.PostAsync($"/api/v1/brands/{brand}/consent/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadNodeAsync();
        Assert.Equal(2, result["imported"]!.GetValue<int>());
        var rows = result["rows"]!.AsArray();
        Assert.Equal(["imported", "refused", "refused", "imported"], rows.Select(r => r.Str("status")));
        Assert.Equal((2, "action"), (rows[1]!["row"]!.GetValue<int>(), rows[1].Str("field")));
        Assert.Equal((3, "channel"), (rows[2]!["row"]!.GetValue<int>(), rows[2].Str("field")));
        var record = await api.GetOkAsync($"/api/v1/brands/{brand}/consent?channel=Sms&address=%2B14255550140");
        Assert.Equal(("opt_in", "paper form, signed"), (record["history"]![0].Str("change"), record["history"]![0].Str("reason")));
    }

    [StoreFact]
    public async Task AnImportThatCannotBeReadAtAllIsAProblemNotAServerError()
    {
        await using var app = new InboxApp(Store);
        var (brand, key) = await SetUpAsync(app);
        var api = app.Client(key);
        var path = $"/api/v1/brands/{brand}/consent/import";
        var logged = app.Logs.Entries.Count;
        StringContent Body(string text, string type) => new(text, System.Text.Encoding.UTF8, type);

        await AssertProblemAsync(await api.PostAsync(path, null), HttpStatusCode.BadRequest, "$");
        await AssertProblemAsync(await api.PostAsync(path, Body("", "application/json")), HttpStatusCode.BadRequest, "$");
        await AssertProblemAsync(await api.PostAsync(path, Body("  ", "text/csv")), HttpStatusCode.BadRequest, "$");
        await AssertProblemAsync(await api.PostAsync(path, Body("""{ "channel": "Sms" }""", "application/json")), HttpStatusCode.BadRequest, "$");
        await AssertProblemAsync(await api.PostAsync(path, Body("""[{ "channel": """, "application/json")), HttpStatusCode.BadRequest, "$");
        await AssertProblemAsync(await api.PostAsync(path, Body("address,reason\n+14255550150,x\n", "text/csv")), HttpStatusCode.BadRequest, "header");
        await AssertProblemAsync(await api.PostAsync(path, Body("<consent><row/></consent>", "application/xml")), HttpStatusCode.UnsupportedMediaType, null);
        Assert.Empty(app.Logs.ErrorsSince(logged));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("code")), text);
        if (field is not null) Assert.NotEmpty(problem["errors"]![field]!.AsArray());
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
