using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes.Messenger;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Senders;

/// <summary>
/// Messenger end to end over HTTP on loopback, as a new user would go: a customer writes to Contoso's Page through the
/// fake Meta app's signed webhook, an agent answers through the API, the fake receives it from Contoso's Page (with
/// Fabrikam's Page, on an account of its own, registered first), and the delivery and read watermarks come back. The
/// fake refuses as Meta does, so each refusal is seen on the message with Meta's code.
/// </summary>
public abstract class MessengerSendConformance
{
    private const string AppId = "263902037430901";
    private const string AppSecret = "messenger-e2e-app-secret-7d1f";
    private const string ContosoPage = "110011223344556";
    private const string FabrikamPage = "220022334455667";
    private const string ContosoToken = "EAAGcontosoPageToken00000000000000001";
    private const string FabrikamToken = "EAAGfabrikamPageToken0000000000000002";
    private const string Customer = "6543210987654321";
    private const string FabrikamCustomer = "7654321098765432";

    protected abstract string Store { get; }

    private sealed record Setup(MessengerFakeServer Meta, InboxApp App, HttpClient Api, string Conversation, string Fabrikam) : IAsyncDisposable
    {
        public MessengerFake Fake => Meta.Fake;

        public async ValueTask DisposeAsync()
        {
            await Meta.DisposeAsync();
            await App.DisposeAsync();
        }
    }

    private async Task<Setup> StartAsync(string contosoToken = ContosoToken, IReadOnlyDictionary<string, string?>? more = null)
    {
        var meta = await MessengerFakeServer.StartAsync(new MessengerFakeOptions
        {
            Pages = new Dictionary<string, string> { [ContosoPage] = ContosoToken, [FabrikamPage] = FabrikamToken },
            AppId = AppId,
            AppSecret = AppSecret,
        });
        var settings = new Dictionary<string, string?>
        {
            ["Inbox:Providers:Meta:GraphApiBase"] = meta.GraphBase.ToString(),
            ["Inbox:Providers:Meta:GraphApiVersion"] = "v23.0",
            ["Inbox:Providers:Meta:Apps:inbox:AppId"] = AppId,
            ["Inbox:Providers:Meta:Apps:inbox:AppSecret"] = AppSecret,
            ["Inbox:Providers:Meta:Apps:inbox:VerifyToken"] = "messenger-e2e-verify",
        };
        foreach (var (name, value) in more ?? new Dictionary<string, string?>()) settings[name] = value;
        var app = new InboxApp(Store, settings);
        meta.Fake.Options.Webhook = new Uri(app.BaseUrl + "/webhooks/messenger");

        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/teams", new { name = "Support" })).Str("id");
        // Fabrikam's Page first, so a sender that took "the first Messenger account" would send from the wrong Page.
        var fabrikamAccount = await PageAccountAsync(owner, fabrikam, FabrikamPage, FabrikamToken);
        var contosoAccount = await PageAccountAsync(owner, contoso, ContosoPage, contosoToken);
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "Messenger", address = FabrikamPage, purpose = "Support", providerAccount = fabrikamAccount });
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "Messenger", address = ContosoPage, purpose = "Support", providerAccount = contosoAccount, defaultTeamId = team });
        var key = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");

        var wrote = await meta.Fake.SendAsCustomerAsync(ContosoPage, Customer, "O\u00f9 est ma commande ?", CancellationToken.None);
        Assert.True(wrote.Accepted, $"{wrote.Status}: {wrote.Problem}");
        Assert.True((await meta.Fake.SendAsCustomerAsync(FabrikamPage, FabrikamCustomer, "Hello Fabrikam", CancellationToken.None)).Accepted);
        var api = app.Client(key);
        var conversation = Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        return new Setup(meta, app, api, conversation, fabrikam);
    }

    private static async Task<string> PageAccountAsync(HttpClient owner, string brand, string page, string token)
    {
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "MessengerPage", name = $"Page {page}", brandId = brand })).Str("id");
        (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { pageId = page, pageToken = token, metaAppId = "inbox" })).EnsureSuccessStatusCode();
        return account;
    }

    [StoreFact]
    public async Task AReplyGoesFromTheRightPageItsTicksComeBackAndTheEchoIsNeverACustomerMessage()
    {
        await using var s = await StartAsync();
        var inbound = await ThreadAsync(s);
        Assert.Equal(("Inbound", "Où est ma commande ?"), (inbound.Single().Str("direction"), inbound.Single().Str("text")));

        var reply = await s.Api.PostOkAsync($"/api/v1/conversations/{s.Conversation}/messages", new { text = "It ships today, caf\u00e9 included." });

        var read = await SettledAsync(s, reply.Str("id"), "Read");
        var sent = Assert.Single(s.Fake.Sent);
        Assert.Equal((ContosoPage, Customer, "RESPONSE", "It ships today, café included."), (sent.PageId, sent.Psid, sent.MessagingType, sent.Text));
        Assert.Equal(sent.Mid, read.Str("providerMessageId"));
        await s.Fake.ReportedAsync();
        Assert.Equal(["echo", "delivery", "read"], s.Fake.Callbacks.Where(c => c.Kind != "message").Select(c => c.Kind));
        Assert.All(s.Fake.Callbacks, c => Assert.Equal(200, c.Status));
        Assert.Equal("read", Assert.Single(s.Fake.SentTo(Customer)).Status);

        // Someone at Contoso answers in Meta's Page Inbox: its echo is the brand's own message, stored once.
        Assert.True((await s.Fake.PageInboxRepliesAsync(ContosoPage, Customer, "Typed in Page Inbox")).Accepted);
        var echo = s.Fake.Callbacks.Last();
        Assert.True((await s.Fake.RedeliverAsync(echo)).Accepted);
        Assert.Contains("Duplicate", s.Fake.Callbacks.Last().Answer);

        var thread = await ThreadAsync(s);
        Assert.Equal(["Où est ma commande ?"], thread.Where(m => m.Str("direction") == "Inbound").Select(m => m.Str("text")));
        Assert.Single(thread, m => m["text"]?.GetValue<string>() == "It ships today, café included.");
        Assert.Equal("Outbound", Assert.Single(thread, m => m["text"]?.GetValue<string>() == "Typed in Page Inbox").Str("direction"));
        var fabrikam = (await s.App.Client(InboxApp.OwnerKey).GetOkAsync($"/api/v1/conversations?brandId={s.Fabrikam}"))["items"]!.AsArray();
        var fabrikamThread = await s.App.Client(InboxApp.OwnerKey).GetOkAsync($"/api/v1/conversations/{Assert.Single(fabrikam)!.Str("id")}/messages");
        Assert.Equal(["Hello Fabrikam"], fabrikamThread["items"]!.AsArray().Where(m => m!.Str("kind") == "Message").Select(m => m!.Str("text")));
    }

    [StoreFact]
    public async Task MetasRefusalsFailTheMessageWithTheirCodesOverRealHttp()
    {
        await using var s = await StartAsync();

        // Meta's clock says the window closed (our rules, counting from the webhook, thought it open).
        s.Fake.CustomerWroteAt(ContosoPage, Customer, DateTimeOffset.UtcNow.AddHours(-25));
        var closed = await ReplyAndSettleAsync(s, "Still there?", "Failed");
        Assert.Equal("window_closed", closed["errorCode"]!.GetValue<string>());
        Assert.Contains("10/2018278", closed.Str("errorReason"));

        s.Fake.CustomerWroteAt(ContosoPage, Customer, DateTimeOffset.UtcNow);
        s.Fake.Block(ContosoPage, Customer, MessengerFakeError.NotReceiving);
        var blocked = await ReplyAndSettleAsync(s, "Hello?", "Failed");
        Assert.Equal(("recipient_blocked", true), (blocked["errorCode"]!.GetValue<string>(), blocked.Str("errorReason").Contains("10/2018108")));

        s.Fake.Block(ContosoPage, Customer);
        var unavailable = await ReplyAndSettleAsync(s, "Anyone?", "Failed");
        Assert.Equal(("undeliverable", true), (unavailable["errorCode"]!.GetValue<string>(), unavailable.Str("errorReason").Contains("551/1545041")));
        Assert.Empty(s.Fake.Sent);
    }

    [StoreFact]
    public async Task AWrongPageTokenIsAuthFailedAndTheTokenIsShownNowhere()
    {
        const string wrong = "EAAGnotTheTokenOfThisPage00000000000009";
        await using var s = await StartAsync(contosoToken: wrong);

        var failed = await ReplyAndSettleAsync(s, "It ships today.", "Failed");

        Assert.Equal("auth_failed", failed["errorCode"]!.GetValue<string>());
        Assert.Contains("190", failed.Str("errorReason"));
        Assert.Empty(s.Fake.Sent);
        Assert.DoesNotContain(wrong, failed.ToJsonString());
        Assert.DoesNotContain(s.App.Logs.Entries, e => e.ToString().Contains(wrong, StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task ATimeoutAfterTheRequestWentOutFailsAsMayHaveBeenSentAndMetaSawItOnce()
    {
        await using var s = await StartAsync(more: new Dictionary<string, string?> { ["Inbox:Providers:Meta:Timeout"] = "00:00:01" });
        s.Fake.StallNext(TimeSpan.FromSeconds(15));

        var failed = await ReplyAndSettleAsync(s, "It ships today.", "Failed");

        Assert.Equal("may_have_been_sent", failed["errorCode"]!.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(3)); // long enough for any retry the outbox would make to arrive
        Assert.Equal(1, s.Fake.Requests);
        Assert.Single(s.Fake.Sent);
    }

    private static async Task<JsonNode> ReplyAndSettleAsync(Setup s, string text, string status)
    {
        var reply = await s.Api.PostOkAsync($"/api/v1/conversations/{s.Conversation}/messages", new { text });
        return await SettledAsync(s, reply.Str("id"), status);
    }

    private static async Task<List<JsonNode>> ThreadAsync(Setup s) =>
        [.. (await s.Api.GetOkAsync($"/api/v1/conversations/{s.Conversation}/messages"))["items"]!.AsArray().Select(m => m!).Where(m => m.Str("kind") == "Message")];

    /// <summary>The reply as the thread shows it once it reached <paramref name="status"/> (or failed, or was read).</summary>
    private static async Task<JsonNode> SettledAsync(Setup s, string messageId, string status)
    {
        JsonNode? message = null;
        await Eventually.True(async () =>
        {
            message = (await ThreadAsync(s)).Single(m => m.Str("id") == messageId);
            return message["status"]?.GetValue<string>() is { } now && (now == status || now is "Failed" or "Read");
        }, $"the reply {messageId} is {status}", timeoutMs: 30_000);
        Assert.Equal(status, message!.Str("status"));
        return message!;
    }
}

public sealed class SqliteMessengerSend : MessengerSendConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMessengerSend : MessengerSendConformance
{
    protected override string Store => Stores.Postgres;
}
