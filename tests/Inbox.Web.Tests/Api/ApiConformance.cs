using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>The REST API over real HTTP: brands and numbers, inbound through the webhook, replies, keys and rights.</summary>
public abstract class ApiConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AMessageThatArrivesByWebhookIsListedThreadedAndAnswered()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var api = app.Client(key);

        var webhook = await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[] { Inbound("+14255550100", "+14255550123", "Where is my order?", "SM-1") });
        Assert.Equal("Accepted", webhook["outcomes"]![0]!.GetValue<string>());

        var list = await api.GetOkAsync($"/api/v1/conversations?brandId={brand}");
        var conversation = list["items"]![0]!;
        Assert.Equal("+14255550123", conversation.Str("contactAddress"));
        var thread = await api.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages");
        Assert.Equal("Where is my order?", thread["items"]![0].Str("text"));

        var reply = await api.PostOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "It ships today." });
        Assert.Equal("Queued", reply.Str("status"));
        await Eventually.True(async () =>
        {
            var page = await api.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages");
            return page["items"]!.AsArray().Any(m => m.Str("id") == reply.Str("id") && m.Str("status") == "Delivered");
        }, "the sandbox provider delivered the reply");
    }

    [StoreFact]
    public async Task ABatchWithOneUnreadableEventAnswersOkWithAnOutcomePerEventAndTheOwnerSeesWhy()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var owner = app.Client(InboxApp.OwnerKey);

        var webhook = await owner.PostOkAsync("/webhooks/events", new[]
        {
            Inbound("+14255550100", "+14255550123", "one", "SM-1"),
            Inbound("+14255550100", "not a number!", "two", "SM-2"),
            Inbound("+14255550100", "+14255550124", "three", "SM-3"),
        });

        Assert.Equal(["Accepted", "Invalid", "Accepted"], webhook["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        var refused = webhook["results"]![1]!;
        Assert.Equal("Invalid", refused.Str("outcome"));
        Assert.False(string.IsNullOrEmpty(refused.Str("code")));
        Assert.Null(webhook["results"]![0]!["code"]);
        Assert.Equal(2, (await app.Client(key).GetOkAsync($"/api/v1/conversations?brandId={brand}"))["items"]!.AsArray().Count);
        var unrouted = (await owner.GetOkAsync("/api/v1/unrouted")).AsArray();
        var kept = Assert.Single(unrouted);
        Assert.Equal((refused.Str("code"), refused.Str("reason"), "not a number!"), (kept.Str("code"), kept.Str("reason"), kept.Str("sender")));
    }

    [StoreFact]
    public async Task AReplyToAnAlphanumericSenderIsRefusedWithTheReason()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var api = app.Client(key);
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[] { Inbound("+14255550100", "Bank-Alerts", "Your card was used", "SM-A") });
        var conversation = (await api.GetOkAsync($"/api/v1/conversations?brandId={brand}"))["items"]![0]!;
        Assert.Equal("Bank-Alerts", conversation.Str("contactAddress"));

        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "Thanks" });

        await reply.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_receive");
        var thread = await api.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages");
        Assert.Single(thread["items"]!.AsArray());
        var composer = await api.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/composer");
        Assert.Equal((false, "cannot_receive"), (composer["reply"]!["allowed"]!.GetValue<bool>(), composer["reply"].Str("code")));
    }

    [StoreFact]
    public async Task AKeyOfOneBrandSeesNothingOfAnother()
    {
        await using var app = new InboxApp(Store);
        var (_, keyA, _) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var (brandB, keyB, _) = await SetUpBrandAsync(app, "Fabrikam", "+14255550200");
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[] { Inbound("+14255550200", "+14255550123", "for B", "SM-B") });
        var conversationOfB = (await app.Client(keyB).GetOkAsync("/api/v1/conversations"))["items"]![0].Str("id");
        var a = app.Client(keyA);

        Assert.Empty((await a.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/conversations/{conversationOfB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/conversations/{conversationOfB}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsJsonAsync($"/api/v1/conversations/{conversationOfB}/messages", new { text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/brands/{brandB}")).StatusCode);
        Assert.Empty((await a.GetOkAsync("/api/v1/search?q=for B"))["messages"]!.AsArray());
    }

    [StoreFact]
    public async Task ErrorsAreProblemDetailsAndTheApiNeverRedirects()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);

        var anonymous = await app.Client().GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(anonymous.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client("not-a-key").GetAsync("/api/v1/brands")).StatusCode);

        var missing = await owner.PostAsJsonAsync("/api/v1/brands", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var problem = await missing.ReadNodeAsync();
        Assert.Equal(("missing_name", "The field 'name' is required."), (problem.Str("code"), problem.Str("detail")));

        var unknown = await owner.GetAsync("/api/v1/conversations/cnv_nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var malformed = await owner.PostAsync("/api/v1/brands", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    [StoreFact]
    public async Task AWebhookBodyOverOneMegabyteIsRefusedWith413()
    {
        await using var app = new InboxApp(Store);
        var huge = new StringContent("[" + new string(' ', 1024 * 1024 + 10) + "]", System.Text.Encoding.UTF8, "application/json");

        var response = await app.Client(InboxApp.OwnerKey).PostAsync("/webhooks/events", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [StoreFact]
    public async Task AnAgentSignedInWithACookieSeesTheirTeamsConversationsOnly()
    {
        await using var app = new InboxApp(Store);
        var (brand, _, supportTeam) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var owner = app.Client(InboxApp.OwnerKey);
        var billingTeam = (await owner.PostOkAsync($"/api/v1/brands/{brand}/teams", new { name = "Billing" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new
        {
            channel = "Sms", address = "+14255550101", purpose = "Support", providerAccount = "sandbox", defaultTeamId = billingTeam,
        });
        await owner.PostOkAsync("/api/v1/agents", new { name = "Bo", email = "bo@contoso.test", password = "correct horse", brandId = brand, role = "Agent", teams = new[] { supportTeam } });
        await owner.PostOkAsync("/webhooks/events", new[]
        {
            Inbound("+14255550100", "+14255550123", "support question", "SM-S"),
            Inbound("+14255550101", "+14255550124", "billing question", "SM-B"),
        });
        var agent = app.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.PostAsJsonAsync("/account/login", new { email = "bo@contoso.test", password = "wrong" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsJsonAsync("/account/login", new { email = "bo@contoso.test", password = "correct horse" })).StatusCode);

        var visible = (await agent.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray();
        Assert.Equal(["support question"], visible.Select(c => c.Str("preview")));
        var billing = (await owner.GetOkAsync($"/api/v1/conversations?team={billingTeam}"))["items"]![0].Str("id");
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/conversations/{billing}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/brands/{brand}/teams", new { name = "Sales" })).StatusCode);
    }

    [StoreFact]
    public async Task ASupervisorAssignsSnoozesAndStartsContact()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var owner = app.Client(InboxApp.OwnerKey);
        var api = app.Client(key);
        var agent = (await owner.PostOkAsync("/api/v1/agents", new { name = "Ann", email = "ann@contoso.test", brandId = brand, role = "Agent" })).Str("id");
        await owner.PostOkAsync("/webhooks/events", new[] { Inbound("+14255550100", "+14255550123", "hello", "SM-1") });
        var id = (await api.GetOkAsync("/api/v1/conversations"))["items"]![0].Str("id");

        Assert.Equal(agent, (await api.PostOkAsync($"/api/v1/conversations/{id}/assignment", new { assigneeId = agent })).Str("assigneeId"));
        var snoozed = await api.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { status = "Snoozed", snoozedUntil = DateTimeOffset.UtcNow.AddHours(2) });
        Assert.Equal("Snoozed", (await snoozed.ReadNodeAsync()).Str("status"));
        var badSnooze = await api.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { status = "Snoozed" });
        Assert.Equal(HttpStatusCode.BadRequest, badSnooze.StatusCode);

        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550177", purpose = "Alerts", providerAccount = "sandbox" });
        await owner.PostOkAsync($"/api/v1/brands/{brand}/consent", new { channel = "Sms", address = "+14255550188", action = "OptIn", reason = "signed up for codes" });
        var started = await api.PostAsJsonAsync("/api/v1/messages", new { brandId = brand, channel = "Sms", purpose = "Alerts", to = "+1 425 555 0188", text = "Your code is 1234" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("sms:+14255550177", (await started.ReadNodeAsync())["conversation"].Str("numberKey"));
        var wrongPurpose = await api.PostAsJsonAsync("/api/v1/messages", new { brandId = brand, channel = "Sms", purpose = "Marketing", to = "+14255550188", text = "Sale" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongPurpose.StatusCode);
    }

    [StoreFact]
    public async Task TheListPutsTheLongestWaitingFirstWithTheirWaitingSinceAndSortRecentKeepsTheOrderByActivity()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _) = await SetUpBrandAsync(app, "Contoso", "+14255550100");
        var api = app.Client(key);
        var now = DateTimeOffset.UtcNow;
        var customers = new[] { ("+14255550131", now.AddMinutes(-30)), ("+14255550132", now.AddMinutes(-20)), ("+14255550133", now.AddMinutes(-10)) };
        foreach (var (from, at) in customers)
        {
            await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events",
                new[] { Inbound("+14255550100", from, "hello?", "SM-" + from, at) });
        }
        string IdOf(JsonNode list, string address) => list["items"]!.AsArray().Single(c => c.Str("contactAddress") == address).Str("id");
        var all = await api.GetOkAsync($"/api/v1/conversations?brandId={brand}&sort=Recent");
        var (first, second, third) = (IdOf(all, "+14255550131"), IdOf(all, "+14255550132"), IdOf(all, "+14255550133"));
        // The one who waited longest is answered: they stop waiting and go after those still waiting.
        await api.PostOkAsync($"/api/v1/conversations/{first}/messages", new { text = "Sorry for the wait." });

        static string[] Ids(JsonNode page) => page["items"]!.AsArray().Select(c => c.Str("id")).ToArray();
        var waiting = await api.GetOkAsync($"/api/v1/conversations?brandId={brand}");
        Assert.Equal([second, third, first], Ids(waiting));
        var rows = waiting["items"]!.AsArray();
        Assert.Equal(customers[1].Item2.ToUnixTimeMilliseconds(), DateTimeOffset.Parse(rows[0].Str("waitingSince"), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        Assert.True(rows[2]!.AsObject().ContainsKey("waitingSince"));
        Assert.Null(rows[2]!["waitingSince"]);
        Assert.Equal([first, third, second], Ids(await api.GetOkAsync($"/api/v1/conversations?brandId={brand}&sort=Recent")));
        Assert.Equal(Ids(waiting), Ids(await api.GetOkAsync($"/api/v1/conversations?brandId={brand}&sort=Waiting")));

        // Page by page, the cursor keeps the order it came from.
        var paged = new List<string>();
        string? next = null;
        do
        {
            var page = await api.GetOkAsync($"/api/v1/conversations?brandId={brand}&limit=1" + (next is null ? "" : $"&cursor={next}"));
            paged.AddRange(Ids(page));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null);
        Assert.Equal(Ids(waiting), paged);

        await (await api.GetAsync("/api/v1/conversations?sort=longest")).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_sort", field: "sort");
        await (await api.GetAsync("/api/v1/conversations?sort=7")).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_sort", field: "sort");
        var waitingCursor = (await api.GetOkAsync($"/api/v1/conversations?brandId={brand}&limit=1")).Str("next");
        await (await api.GetAsync($"/api/v1/conversations?brandId={brand}&sort=Recent&cursor={waitingCursor}")).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_cursor", field: "cursor");
    }

    [StoreFact]
    public async Task TheOpenApiDocumentDescribesTheApi()
    {
        await using var app = new InboxApp(Store);

        var document = await app.Client().GetOkAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/api/v1/conversations", paths);
        Assert.Contains("/api/v1/conversations/{id}/messages", paths);
        Assert.Contains("/api/v1/messages", paths);
        // The list's sort is a named parameter with its two values.
        var sort = document["paths"]!["/api/v1/conversations"]!["get"]!["parameters"]!.AsArray().Single(p => p.Str("name") == "sort")!;
        var schema = sort["schema"]!;
        if (schema["$ref"]?.GetValue<string>() is { } reference) schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        Assert.Equal(["Waiting", "Recent"], schema["enum"]!.AsArray().OfType<JsonNode>().Select(v => v.ToString()));
    }

    private static object Inbound(string to, string from, string text, string dedupeKey, DateTimeOffset? at = null) => new
    {
        kind = "Message", channel = "Sms", numberAddress = to, senderAddress = from, dedupeKey, providerMessageId = dedupeKey,
        providerTimestamp = at ?? DateTimeOffset.UtcNow, text,
    };

    private static async Task<(string Brand, string Key, string Team)> SetUpBrandAsync(InboxApp app, string name, string smsNumber)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{brand}/teams", new { name = "Support" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = smsNumber, purpose = "Support", providerAccount = "sandbox", defaultTeamId = team });
        var key = (await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");
        return (brand, key, team);
    }
}

public sealed class SqliteApi : ApiConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresApi : ApiConformance
{
    protected override string Store => Stores.Postgres;
}
