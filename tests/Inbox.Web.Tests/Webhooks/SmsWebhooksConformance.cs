using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Webhooks;

/// <summary>
/// /webhooks/sms over real HTTP with Event Grid's own bytes: the subscription handshake, the secret (current or next,
/// in the query or the header) checked before anything is read, received messages and delivery reports landing,
/// batches, redeliveries and event types Inbox does not read.
/// </summary>
public abstract class SmsWebhooksConformance
{
    private const string Current = "event-grid-secret-one-Lp4Zs9";
    private const string Next = "event-grid-secret-two-Mc8Vd2";
    private const string Number = "+18005550100";

    protected abstract string Store { get; }

    private static async Task<string> SetUpAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "AcsResource", name = "Contoso ACS" })).Str("id");
        var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new
        {
            endpoint = "https://contoso.communication.azure.com/", accessKey = "ZmFrZS1hY3MtYWNjZXNzLWtleQ==", eventGridSecret = Current, eventGridSecretNext = Next,
        });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = Number, purpose = "Support", providerAccount = "sandbox" });
        return brand;
    }

    /// <summary>Posts the bytes as Event Grid does: the aeg-event-type header, the secret in the query or a delivery header.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string? query, string? header = null, string type = "Notification")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, query is null ? "/webhooks/sms" : "/webhooks/sms?secret=" + Uri.EscapeDataString(query)) { Content = content };
        request.Headers.TryAddWithoutValidation("aeg-event-type", type);
        request.Headers.TryAddWithoutValidation("aeg-delivery-count", "0");
        if (header is not null) request.Headers.TryAddWithoutValidation("X-Inbox-Secret", header);
        return await client.SendAsync(request);
    }

    private static async Task<string[]> PostRightAsync(HttpClient client, byte[] body)
    {
        var response = await PostAsync(client, body, Current);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["results"]!.AsArray().Select(r => r!.Str("outcome")).ToArray();
    }

    private static byte[] Fixture(string name) => Meta.Fixture(Path.Combine("Sms", name));

    private static byte[] Received(string id, string text, string from = "14255550123") => Encoding.UTF8.GetBytes(
        $$"""[{"id":"{{id}}","topic":"\/subscriptions\/0\/resourcegroups\/rg\/providers\/microsoft.communication\/communicationservices\/contoso","subject":"\/phonenumber\/18005550100","data":{"messageId":"{{id}}","from":"{{from}}","to":"18005550100","message":"{{text}}","receivedTimestamp":"{{DateTimeOffset.UtcNow:O}}","segmentCount":1},"eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","metadataVersion":"1","eventTime":"{{DateTimeOffset.UtcNow:O}}"}]""");

    [StoreFact]
    public async Task TheHandshakeAnswersTheValidationCodeForAKnownSecretOnly()
    {
        await using var app = new InboxApp(Store);
        await SetUpAsync(app);
        var client = app.Client();
        var body = Fixture("validation.json");

        foreach (var (query, header) in new[] { (Current, (string?)null), (null, Next) })
        {
            var response = await PostAsync(client, body, query, header, "SubscriptionValidation");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (await response.ReadNodeAsync()).Str("validationResponse"));
        }
        await (await PostAsync(client, body, "guessed", type: "SubscriptionValidation")).AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_secret");
        await (await PostAsync(client, body, null, type: "SubscriptionValidation")).AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_secret");
    }

    [StoreFact]
    public async Task EitherSecretOfARotationIsTakenAndAWrongOneStoresNothing()
    {
        await using var app = new InboxApp(Store);
        var brand = await SetUpAsync(app);
        var client = app.Client();
        var body = Received("Incoming_20240603100001aa", "Bonjour, o\\u00f9 est ma commande ?");

        foreach (var (query, header) in new (string?, string?)[] { (null, null), ("", null), ("guessed", null), (Current[..^1], null), (Current + "x", null), (null, "guessed"), ("guessed", "guessed"), (Current, "guessed"), (Telegram.Secret, null) })
            await (await PostAsync(client, body, query, header)).AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_secret");
        Assert.Empty(await Meta.MessagesAsync(app));
        Assert.Empty(await Meta.UnroutedAsync(app));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, body, Next)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, Received("Incoming_20240603100002aa", "Second"), null, Current)).StatusCode);
        Assert.Equal(["Bonjour, où est ma commande ?", "Second"], (await Meta.MessagesAsync(app, brand)).Select(m => m.Str("text")).Order());
    }

    [StoreFact]
    public async Task ABatchLandsEachEventAndARedeliveryAddsNothing()
    {
        await using var app = new InboxApp(Store);
        var brand = await SetUpAsync(app);
        var client = app.Client();

        // Two messages received, two reports on sends Inbox has not recorded (parked), and a call event Inbox does not read.
        var response = await PostAsync(client, Fixture("batch.json"), Current);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadNodeAsync();
        Assert.Equal(["Accepted", "Pending", "Pending", "Accepted"], answer["results"]!.AsArray().Select(r => r!.Str("outcome")));
        Assert.Equal(["Microsoft.Communication.IncomingCall"], answer["ignored"]!.AsArray().Select(i => i!.GetValue<string>()));
        var messages = await Meta.MessagesAsync(app, brand);
        Assert.Equal(["STOP", "Your code is 1234 — ne la partagez pas"], messages.Where(m => m.Str("direction") == "Inbound").Select(m => m.Str("text")).Order());

        Assert.Equal(["Duplicate", "Pending", "Pending", "Duplicate"], await PostRightAsync(client, Fixture("batch.json")));
        Assert.Equal(messages.Count, (await Meta.MessagesAsync(app, brand)).Count); // nor a second answer to the STOP
    }

    [StoreFact]
    public async Task ADeliveryReportUpdatesTheMessageSent()
    {
        await using var app = new InboxApp(Store);
        var brand = await SetUpAsync(app);
        var client = app.Client();
        Assert.Equal(["Accepted"], await PostRightAsync(client, Received("Incoming_20240603100003aa", "Hi")));
        var owner = app.Client(InboxApp.OwnerKey);
        var conversation = (await owner.GetOkAsync($"/api/v1/conversations?brandId={brand}"))["items"]![0]!.Str("id");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { text = "On its way" })).StatusCode);
        JsonNode? sent = null;
        await Eventually.True(async () => (sent = (await Meta.MessagesAsync(app, brand)).FirstOrDefault(m => m["direction"]?.GetValue<string>() == "Outbound" && m["providerMessageId"] is not null)) is not null, "the reply is sent");
        var id = sent!.Str("providerMessageId");

        // As ACS sends it: our number without its "+", the report keyed by messageId and status.
        var report = Encoding.UTF8.GetBytes($$"""[{"id":"{{id}}","topic":"\/subscriptions\/0","subject":"\/phonenumber\/18005550100","data":{"messageId":"{{id}}","from":"18005550100","to":"14255550123","deliveryStatus":"Delivered","deliveryStatusDetails":"No error.","receivedTimestamp":"{{DateTimeOffset.UtcNow:O}}","deliveryAttempts":[{"timestamp":"{{DateTimeOffset.UtcNow:O}}","segmentsSucceeded":1,"segmentsFailed":0}],"tag":"{{conversation}}"},"eventType":"Microsoft.Communication.SMSDeliveryReportReceived","dataVersion":"1.0","metadataVersion":"1","eventTime":"{{DateTimeOffset.UtcNow:O}}"}]""");
        // Applied, not parked: the report's number ("18005550100") and messageId found the send.
        Assert.Equal(["Applied"], await PostRightAsync(client, report));
        // Days later, again: found, and nothing moves.
        Assert.Equal(["Applied"], await PostRightAsync(client, report));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the sandbox's own report

        var after = (await Meta.MessagesAsync(app, brand)).Single(m => m["providerMessageId"]?.GetValue<string>() == id);
        Assert.Equal("Delivered", after.Str("status"));
        Assert.Null(after["errorCode"]?.GetValue<string>());
    }

    [StoreFact]
    public async Task AFaultOfTheStoreIs503SoEventGridDeliversAgain()
    {
        await using var app = new InboxApp(Store);
        var brand = await SetUpAsync(app);
        var client = app.Client();
        Assert.Equal(["Accepted"], await PostRightAsync(client, Received("Incoming_20240603100004aa", "Warm-up")));
        var store = app.Services.GetRequiredService<Inbox.Storage.StateStore>();
        // The messages table gone for a moment stands for a database that cannot take the write.
        await store.CommitAsync([new Inbox.Storage.SqlWrite("ALTER TABLE messages RENAME TO messages_away")]);
        var body = Received("Incoming_20240603100005aa", "During the fault", from: "14255550199");

        await (await PostAsync(client, body, Current)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");

        await store.CommitAsync([new Inbox.Storage.SqlWrite("ALTER TABLE messages_away RENAME TO messages")]);
        await Eventually.True(async () => (await PostAsync(client, body, Current)).StatusCode == HttpStatusCode.OK, "the redelivery is taken");
        Assert.Single(await Meta.MessagesAsync(app, brand), m => m.Str("text") == "During the fault");
    }

    [StoreFact]
    public async Task UnknownEventTypesAreAcknowledgedAndUnreadableJsonIs400()
    {
        await using var app = new InboxApp(Store);
        await SetUpAsync(app);
        var client = app.Client();
        var call = """[{"id":"c1","topic":"\/subscriptions\/0","subject":"call\/abc","data":{"to":{"rawId":"8:acs:1"}},"eventType":"Microsoft.Communication.IncomingCall","dataVersion":"1.0","metadataVersion":"1","eventTime":"2024-06-03T10:00:07Z"}]"""u8.ToArray();

        var response = await PostAsync(client, call, Current);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.ReadNodeAsync())["results"]!.AsArray());
        Assert.Single(app.Logs.Entries, e => e.Message.Contains("Microsoft.Communication.IncomingCall"));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains(Current));

        foreach (var unreadable in new[] { "[{\"id\":", "", "not json" })
            await (await PostAsync(client, Encoding.UTF8.GetBytes(unreadable), Current)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_payload");
        Assert.Empty(await Meta.MessagesAsync(app));
    }
}

public sealed class SqliteSmsWebhooks : SmsWebhooksConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresSmsWebhooks : SmsWebhooksConformance
{
    protected override string Store => Stores.Postgres;
}
