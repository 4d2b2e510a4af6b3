using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes.WhatsApp;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Senders;

/// <summary>
/// WhatsApp end to end over HTTP on loopback, as a new user would go: the fake Cloud API posts a customer's message
/// to the app's webhook signed with the Meta app secret, it appears in the conversation, an agent replies through the
/// API, the fake receives it from the number the customer wrote to (another number of the same business account and a
/// second brand's number beside it), and its sent, delivered and read statuses come back through the webhook onto the
/// message. Then each kind of refusal, a timeout that may have sent, and a pair rate limit that holds one recipient only.
/// </summary>
public abstract class WhatsAppSendConformance
{
    private const string AppSecret = "fake-meta-app-secret-for-whatsapp-e2e";
    private const string ContosoSupport = "106540352242922";
    private const string ContosoSecond = "106540352242933";
    private const string FabrikamSupport = "208870011223344";
    private const string ContosoWaba = "102290129340398";
    private const string FabrikamWaba = "209990011223355";
    private const string ContosoToken = "EAAG-contoso-system-user-token-e2e-0001";
    private const string FabrikamToken = "EAAG-fabrikam-system-user-token-e2e-0002";
    private const string Customer = "+14255550123";
    private const string OtherCustomer = "+14255550177";

    protected abstract string Store { get; }

    private static WhatsAppFakeOptions Options(int pairBurst = 45) => new()
    {
        AppSecret = AppSecret,
        Numbers =
        [
            new(ContosoSupport, "+1 425-555-0181", ContosoWaba, ContosoToken),
            new(ContosoSecond, "+1 425-555-0183", ContosoWaba, ContosoToken),
            new(FabrikamSupport, "+1 425-555-0182", FabrikamWaba, FabrikamToken),
        ],
        Templates =
        [
            new(ContosoWaba, "order_update", "en_US", "Hi {{1}}, your order {{2}} ships today."),
            new(ContosoWaba, "named_params", "en_US", "Hi {{first_name}}"),
            new(ContosoWaba, "winback", "en_US", "We miss you", Status: "REJECTED"),
        ],
        PairBurst = pairBurst,
        StatusDelay = TimeSpan.FromMilliseconds(30),
    };

    private sealed record World(WhatsAppFakeServer Wa, InboxApp App, HttpClient Api, string Conversation, string Brand) : IAsyncDisposable
    {
        public WhatsAppFake Fake => Wa.Fake;

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Wa.DisposeAsync();
        }
    }

    /// <summary>
    /// The fake, the app pointed at it, two brands each with a WhatsApp business account (Contoso's with two numbers,
    /// Fabrikam's registered first), and a customer who wrote to Contoso's second number through the signed webhook.
    /// </summary>
    private async Task<World> StartAsync(WhatsAppFakeOptions? options = null, string? timeout = null, string contosoToken = ContosoToken)
    {
        var wa = await WhatsAppFakeServer.StartAsync(options ?? Options());
        var settings = new Dictionary<string, string?>
        {
            ["Inbox:Providers:Meta:Apps:demo:AppSecret"] = AppSecret,
            ["Inbox:Providers:Meta:Apps:demo:VerifyToken"] = "verify-e2e",
            ["Inbox:Providers:Meta:GraphApiBase"] = wa.GraphBase.ToString(),
            ["Inbox:Providers:Meta:GraphApiVersion"] = "v23.0",
        };
        if (timeout is not null) settings["Inbox:Providers:Meta:Timeout"] = timeout;
        var app = new InboxApp(Store, settings);
        wa.Fake.WebhookUrl = new Uri($"{app.BaseUrl}/webhooks/whatsapp");

        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/teams", new { name = "Support" })).Str("id");
        var fabrikamAccount = await AccountAsync(owner, fabrikam, "Fabrikam WhatsApp", new { accessToken = FabrikamToken, businessAccountId = FabrikamWaba, metaAppId = "demo" });
        var contosoAccount = await AccountAsync(owner, contoso, "Contoso WhatsApp", new { accessToken = contosoToken, businessAccountId = ContosoWaba, metaAppId = "demo" });
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "WhatsApp", address = FabrikamSupport, displayNumber = "+14255550182", purpose = "Support", providerAccount = fabrikamAccount });
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "WhatsApp", address = ContosoSupport, displayNumber = "+14255550181", purpose = "Support", providerAccount = contosoAccount, defaultTeamId = team });
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "WhatsApp", address = ContosoSecond, displayNumber = "+14255550183", purpose = "Support", providerAccount = contosoAccount, defaultTeamId = team });
        var key = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");

        Assert.True((await wa.Fake.SendAsCustomerAsync(FabrikamSupport, Customer, "Hello Fabrikam", default)).Accepted);
        var delivery = await wa.Fake.SendAsCustomerAsync(ContosoSecond, Customer, "Where is my order? Caf\u00e9 #1234", default);
        Assert.True(delivery.Accepted, delivery.Problem);
        var api = app.Client(key);
        var conversation = Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        return new World(wa, app, api, conversation, contoso);
    }

    private static async Task<string> AccountAsync(HttpClient owner, string brand, string name, object credentials)
    {
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "WhatsAppBusinessAccount", name, brandId = brand })).Str("id");
        (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", credentials)).EnsureSuccessStatusCode();
        return account;
    }

    [StoreFact]
    public async Task ACustomersMessageArrivesSignedTheReplyLeavesFromTheNumberWrittenToAndItsTicksComeBack()
    {
        await using var world = await StartAsync();
        var thread = await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages");
        Assert.Contains(thread["items"]!.AsArray(), m => m!["text"]?.GetValue<string>() == "Where is my order? Café #1234");

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "It ships today, caf\u00e9 included." });

        var read = await SettledAsync(world, reply.Str("id"), "Read");
        var sent = Assert.Single(world.Fake.Sent);
        Assert.Equal((ContosoSecond, "14255550123", "It ships today, café included."), (sent.PhoneNumberId, sent.WaId, sent.Text));
        Assert.Equal(sent.Id, read.Str("providerMessageId"));
        Assert.Equal("read", world.Fake.StatusOf(sent.Id));
        Assert.Equal(ContosoSecond, Assert.Single(world.Fake.SentTo(Customer)).From);
        Assert.All(world.Fake.Callbacks, c => Assert.Equal(200, c.Status));
    }

    [StoreFact]
    public async Task AReplyInContextAnUploadedFileTheCustomersPhotoAndReadingTheThreadAllGoThroughWhatsApp()
    {
        await using var world = await StartAsync();
        var inbound = (await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages"))["items"]!.AsArray()
            .Single(m => m!["text"]?.GetValue<string>() == "Where is my order? Café #1234")!;

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Checking now", replyToMessageId = inbound.Str("id") });
        await SettledAsync(world, reply.Str("id"), "Read");
        Assert.Equal(inbound.Str("providerMessageId"), world.Fake.Sent[0].ReplyTo);

        var pdf = System.Text.Encoding.UTF8.GetBytes("%PDF-1.4 the receipt");
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(part, "file", "receipt.pdf");
        var upload = await world.Api.PostAsync($"/api/v1/brands/{world.Brand}/media", form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await upload.ReadNodeAsync();
        var withFile = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new
        {
            text = "Your receipt",
            media = new[] { new { type = uploaded.Str("type"), providerMediaId = uploaded.Str("providerMediaId"), mimeType = "application/pdf", fileName = "receipt.pdf" } },
        });
        await SettledAsync(world, withFile.Str("id"), "Read");
        var document = world.Fake.Sent[1];
        Assert.Equal(("document", "Your receipt", ContosoSecond), (document.Type, document.Text, document.PhoneNumberId));
        Assert.Equal(pdf, world.Fake.Media.Single(m => m.Id == document.Media!.Id).Content);

        var photo = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var (_, _, delivery) = await world.Fake.CustomerSendsMediaAsync(ContosoSecond, Customer, "image", photo, "image/jpeg", "the dent");
        Assert.True(delivery.Accepted, delivery.Problem);
        var shown = (await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages"))["items"]!.AsArray()
            .Single(m => m!["media"] is JsonArray { Count: 1 } media && media[0]!["caption"]?.GetValue<string>() == "the dent")!;
        var fetched = await world.Api.GetAsync($"/api/v1/messages/{shown.Str("id")}/media/0");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(photo, await fetched.Content.ReadAsByteArrayAsync());

        // Reading is an agent's: a signed-in one opens the thread.
        var email = $"ann-{Guid.NewGuid():N}@contoso.test";
        await world.App.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Ann", email, password = "a long secret", brandId = world.Brand, role = "Supervisor" });
        var agent = world.App.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(agent, email, "a long secret")).StatusCode);
        var read = await agent.PostAsync($"/api/v1/conversations/{world.Conversation}/read", null);
        Assert.True(read.IsSuccessStatusCode, $"{(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
        await Eventually.True(() => Task.FromResult(world.Fake.ReadMarks.Any(r => r.Number == ContosoSecond && r.MessageId == shown.Str("providerMessageId"))),
            "the customer's last message is marked read at WhatsApp", timeoutMs: 10_000);
    }

    [StoreFact]
    public async Task TicksDeliveredTwiceAndOutOfOrderEndAtRead()
    {
        var options = Options();
        await using var world = await StartAsync(new WhatsAppFakeOptions
        {
            AppSecret = options.AppSecret, Numbers = options.Numbers, DuplicateStatuses = true, ReverseStatuses = true, StatusDelay = TimeSpan.FromMilliseconds(30),
        });

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Out of order" });

        await SettledAsync(world, reply.Str("id"), "Read");
        await Task.Delay(500);
        Assert.Equal("Read", (await MessageAsync(world, reply.Str("id"))).Str("status"));
        Assert.Equal(1, world.Fake.MessageRequests);
    }

    [StoreFact]
    public async Task EachRefusalFailsTheMessageWithItsKindAndTheProvidersCodeAfterOneRequest()
    {
        await using var world = await StartAsync();
        var cases = new (WhatsAppFakeError Error, string ErrorCode)[]
        {
            (WhatsAppFakeError.Of(131026, "Message undeliverable", "The recipient is not a WhatsApp user."), "undeliverable"),
            (WhatsAppFakeError.Of(131047, "Re-engagement message", "More than 24 hours have passed."), "window_closed"),
            (WhatsAppFakeError.Of(131050, "User has stopped marketing messages"), "opted_out"),
            (new WhatsAppFakeError(401, 190, "Error validating access token: Session has expired"), "auth_failed"),
            (WhatsAppFakeError.Of(132001, "Template name does not exist in the translation"), "invalid"),
        };
        foreach (var (error, errorCode) in cases)
        {
            var requests = world.Fake.MessageRequests;
            world.Fake.FailNext(error);

            var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = $"Refused with {error.Code}" });

            var failed = await SettledAsync(world, reply.Str("id"), "Failed");
            Assert.Equal(errorCode, failed.Str("errorCode"));
            Assert.Contains($"provider code {error.Code}", failed.Str("errorReason"));
            Assert.Equal(requests + 1, world.Fake.MessageRequests);
        }
        Assert.Empty(world.Fake.Sent);
    }

    [StoreFact]
    public async Task ThrottlingPausesTheNumberAndTheMessageGoesOnceTheLimitLifts()
    {
        await using var world = await StartAsync();
        world.Fake.FailNext(WhatsAppFakeError.Of(130429, "Rate limit hit", "Cloud API message throughput has been reached."));

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "After the pause" });

        await SettledAsync(world, reply.Str("id"), "Read");
        Assert.Equal(2, world.Fake.MessageRequests);
        Assert.Single(world.Fake.Sent);
    }

    [StoreFact]
    public async Task AWrongTokenFailsAsAuthFailedAndTheTokenIsShownNowhere()
    {
        await using var world = await StartAsync(contosoToken: "EAAG-a-token-meta-never-issued-123456");

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "It ships today." });

        var failed = await SettledAsync(world, reply.Str("id"), "Failed");
        Assert.Equal("auth_failed", failed.Str("errorCode"));
        Assert.Contains("provider code 190", failed.Str("errorReason"));
        Assert.Empty(world.Fake.Sent);
        Assert.DoesNotContain("EAAG-a-token-meta-never-issued-123456", failed.ToJsonString());
        Assert.DoesNotContain(world.App.Logs.Entries, e => e.ToString().Contains("EAAG-a-token-meta-never-issued-123456", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task ATimeoutAfterTheSendMayHaveSentAndIsNotSentAgain()
    {
        await using var world = await StartAsync(timeout: "00:00:01.500");
        world.Fake.StallNext();

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Did this arrive?" });

        var failed = await SettledAsync(world, reply.Str("id"), "Failed");
        Assert.Equal("may_have_been_sent", failed.Str("errorCode"));
        await Task.Delay(3000); // longer than the outbox's first retry would wait
        Assert.Equal(1, world.Fake.MessageRequests);
        Assert.Single(world.Fake.Sent); // it had gone out: the fake sent it before stalling
    }

    [StoreFact]
    public async Task APairRateLimitHoldsThatRecipientOnlyWhileAnotherOnTheSameNumberGetsItsMessage()
    {
        await using var world = await StartAsync(Options(pairBurst: 1));
        Assert.True((await world.Fake.SendAsCustomerAsync(ContosoSecond, OtherCustomer, "Me too", default)).Accepted);
        var other = (await world.Api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray().Select(c => c!.Str("id")).Single(id => id != world.Conversation);

        var first = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "A1" });
        var second = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "A2" });
        var toOther = await world.Api.PostOkAsync($"/api/v1/conversations/{other}/messages", new { text = "B1" });

        await SettledAsync(world, first.Str("id"), "Read");
        await SettledAsync(world, toOther.Str("id"), "Read");
        await SettledAsync(world, second.Str("id"), "Read", timeoutMs: 30_000);
        var sent = world.Fake.Sent;
        Assert.Equal(["A1", "B1", "A2"], sent.Select(m => m.Text));
        Assert.True(sent[1].At - sent[0].At < TimeSpan.FromSeconds(4), $"B1 waited {sent[1].At - sent[0].At} behind A's limit");
        Assert.True(sent[2].At - sent[0].At >= TimeSpan.FromSeconds(5.5), $"A2 went {sent[2].At - sent[0].At} after A1");
    }

    [StoreFact]
    public async Task ApprovedTemplatesAreFetchedIntoTheNumberAndOthersAreListedWithTheReason()
    {
        await using var world = await StartAsync();
        var owner = world.App.Client(InboxApp.OwnerKey);

        var synced = await owner.PostOkAsync($"/api/v1/numbers/whatsapp:{ContosoSecond}/templates/sync", new { });

        Assert.Equal(["order_update/en_US"], synced["imported"]!.AsArray().Select(t => $"{t!.Str("name")}/{t.Str("language")}"));
        Assert.Equal(["named_params", "winback"], synced["skipped"]!.AsArray().Select(t => t!.Str("name")).Order());
        var number = await owner.GetOkAsync($"/api/v1/numbers/whatsapp:{ContosoSecond}");
        var template = Assert.Single(number["templates"]!.AsArray())!;
        Assert.Equal("Hi {{1}}, your order {{2}} ships today.", template.Str("body"));
        var fabrikamKey = await owner.PostOkAsync($"/api/v1/numbers/whatsapp:{FabrikamSupport}/templates/sync", new { });
        Assert.Empty(fabrikamKey["imported"]!.AsArray());
        var supervisor = await world.Api.PostAsJsonAsync($"/api/v1/numbers/whatsapp:{FabrikamSupport}/templates/sync", new { });
        Assert.Equal(HttpStatusCode.NotFound, supervisor.StatusCode);
    }

    private static async Task<JsonNode> MessageAsync(World world, string messageId)
    {
        var thread = await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages");
        var found = thread["items"]!.AsArray().SingleOrDefault(m => m!.Str("id") == messageId);
        if (found is not null) return found;
        foreach (var conversation in (await world.Api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())
        {
            var other = await world.Api.GetOkAsync($"/api/v1/conversations/{conversation!.Str("id")}/messages");
            if (other["items"]!.AsArray().SingleOrDefault(m => m!.Str("id") == messageId) is { } there) return there;
        }
        throw new InvalidOperationException($"no message {messageId}");
    }

    /// <summary>The message once it reaches <paramref name="status"/> or fails.</summary>
    private static async Task<JsonNode> SettledAsync(World world, string messageId, string status, int timeoutMs = 20_000)
    {
        JsonNode? message = null;
        await Eventually.True(async () =>
        {
            message = await MessageAsync(world, messageId);
            return message["status"]?.GetValue<string>() == status || message["status"]?.GetValue<string>() == "Failed";
        }, $"the reply {messageId} is {status}", timeoutMs: timeoutMs);
        Assert.Equal(status, message!.Str("status"));
        return message!;
    }
}

public sealed class SqliteWhatsAppSend : WhatsAppSendConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresWhatsAppSend : WhatsAppSendConformance
{
    protected override string Store => Stores.Postgres;
}
