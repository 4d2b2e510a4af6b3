using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes.Telegram;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Senders;

/// <summary>
/// Telegram end to end over HTTP on loopback, as a new user would go: two brands, each with its own bot on the fake Bot
/// API; the webhooks registered through the admin API; a customer writing to Contoso's bot through the fake's webhook
/// call (with the secret the registration set, and refused with any other); the thread in the API; an agent's reply
/// through the API reaching the fake from Contoso's bot, in reply to the customer's message, and shown sent (Telegram's
/// only tick). Then what each refusal, a lost answer and a flood wait become.
/// </summary>
public abstract class TelegramSendConformance
{
    private const string ContosoToken = "7000000001:AAHcontoso-bot-token-for-tests-Qw3Er5Ty";
    private const string FabrikamToken = "7000000002:AAHfabrikam-bot-token-for-tests-Zx9Cv8";
    private const string ContosoBot = "7000000001";
    private const string FabrikamBot = "7000000002";
    private const string ContosoSecret = "contoso-webhook-secret_1";
    private const string FabrikamSecret = "fabrikam-webhook-secret_2";
    private const long Zoe = 987654321;
    private const string PublicBase = "https://inbox.example.com";

    protected abstract string Store { get; }

    private sealed record World(InboxApp App, TelegramFakeServer Telegram, HttpClient Api, HttpClient Owner, string ContosoAccount, string Conversation,
        long CustomerMessageId) : IAsyncDisposable
    {
        public TelegramFake Fake => Telegram.Fake;

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Telegram.DisposeAsync();
        }
    }

    /// <summary>
    /// The fake Bot API (its network maps the public https name to the app on loopback), the app pointed at it, Fabrikam's
    /// bot set up first (so a sender taking "the first bot" would be caught), then Contoso's, both webhooks registered
    /// through the admin API, and Zoë writing to Contoso's bot.
    /// </summary>
    private async Task<World> SetUpAsync(string timeout = "00:00:10")
    {
        InboxApp? app = null;
        var telegram = await TelegramFakeServer.StartAsync(new TelegramFakeOptions
        {
            Bots = [new(ContosoToken, "Contoso", "contoso_bot"), new(FabrikamToken, "Fabrikam", "fabrikam_bot")],
            Network = url => url.GetLeftPart(UriPartial.Authority) == PublicBase ? new Uri(new Uri(app!.BaseUrl), url.PathAndQuery) : url,
        });
        app = new InboxApp(Store, new Dictionary<string, string?>
        {
            ["Inbox:Providers:Telegram:ApiBase"] = telegram.BaseUrl.ToString(), ["Inbox:Providers:Telegram:Timeout"] = timeout,
        });
        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/teams", new { name = "Support" })).Str("id");
        await BotAsync(owner, fabrikam, FabrikamToken, FabrikamSecret, null);
        var account = await BotAsync(owner, contoso, ContosoToken, ContosoSecret, team);
        var key = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");
        var api = app.Client(key);

        var written = await telegram.Fake.WriteAsync(ContosoBot, Zoe, "Où est ma commande ?");
        Assert.True(written.Delivery.Accepted, $"{written.Delivery.Status}: {written.Delivery.Problem}");
        var conversation = Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        return new World(app, telegram, api, owner, account, conversation, written.MessageId);
    }

    private static async Task<string> BotAsync(HttpClient owner, string brand, string token, string secret, string? team)
    {
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "TelegramBot", name = $"Bot of {brand}", sharedWith = new[] { brand } })).Str("id");
        (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { botToken = token, webhookSecretToken = secret })).EnsureSuccessStatusCode();
        var botId = token[..token.IndexOf(':')];
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Telegram", address = botId, purpose = "Support", providerAccount = account, defaultTeamId = team });
        await owner.PostOkAsync($"/api/v1/provider-accounts/{account}/telegram/webhook", new { url = $"{PublicBase}/webhooks/telegram/{botId}" });
        return account;
    }

    [StoreFact]
    public async Task ACustomersMessageArrivesThroughTheWebhookAndTheAgentsReplyLeavesFromTheBrandsOwnBotAsAReplyAndShowsSent()
    {
        await using var world = await SetUpAsync();
        var thread = (await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages"))["items"]!.AsArray();
        var inbound = Assert.Single(thread, m => m!["text"]?.GetValue<string>() == "Où est ma commande ?")!;
        Assert.Equal(world.CustomerMessageId.ToString(), inbound.Str("providerMessageId"));

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages",
            new { text = "Elle part aujourd'hui.", replyToMessageId = inbound.Str("id") });

        var sent = await SettledAsync(world.Api, world.Conversation, reply.Str("id"), "Sent");
        var message = Assert.Single(world.Fake.Sent);
        Assert.Equal((ContosoBot, Zoe, "Elle part aujourd'hui.", (long?)world.CustomerMessageId), (message.BotId, message.ChatId, message.Text, message.ReplyTo));
        Assert.Equal(message.MessageId.ToString(), sent.Str("providerMessageId"));
        Assert.Equal("sent", Assert.Single(world.Fake.SentTo(Zoe.ToString())).Status);
        Assert.DoesNotContain(world.Fake.Calls, c => c.BotId == FabrikamBot && c.Method.StartsWith("send", StringComparison.Ordinal));
        Assert.Equal("Sent", sent.Str("status")); // and nothing further: Telegram reports no delivery or read
    }

    [StoreFact]
    public async Task AnUpdateWithAnotherSecretIsRefusedAndStoredNowhereUntilTheWebhookIsRegisteredAgain()
    {
        await using var world = await SetUpAsync();
        // The secret is rotated in Inbox but Telegram still has the old one.
        (await world.Owner.PutAsJsonAsync($"/api/v1/provider-accounts/{world.ContosoAccount}/credentials", new { webhookSecretToken = "rotated-secret_3" })).EnsureSuccessStatusCode();

        var refused = await world.Fake.WriteAsync(ContosoBot, Zoe, "Allô ?");

        Assert.Equal(403, refused.Delivery.Status);
        Assert.Contains("bad_secret_token", refused.Delivery.Problem);
        var texts = (await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages"))["items"]!.AsArray().Select(m => m!["text"]?.GetValue<string>());
        Assert.DoesNotContain("Allô ?", texts);

        await world.Owner.PostOkAsync($"/api/v1/provider-accounts/{world.ContosoAccount}/telegram/webhook", new { url = $"{PublicBase}/webhooks/telegram/{ContosoBot}" });
        Assert.True(Assert.Single(await world.Fake.RetryPendingAsync(ContosoBot)).Accepted);
        texts = (await world.Api.GetOkAsync($"/api/v1/conversations/{world.Conversation}/messages"))["items"]!.AsArray().Select(m => m!["text"]?.GetValue<string>());
        Assert.Contains("Allô ?", texts);
    }

    [StoreFact]
    public async Task ADeactivatedCustomerAndARevokedTokenFailTheMessageWithTelegramsCode()
    {
        await using var world = await SetUpAsync();
        world.Fake.Deactivate(Zoe);
        var gone = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Hello?" });
        var undeliverable = await SettledAsync(world.Api, world.Conversation, gone.Str("id"), "Failed");
        Assert.Equal("undeliverable", undeliverable.Str("errorCode"));
        Assert.Contains("403", undeliverable.Str("errorReason"));

        const string revoked = "7000000001:AAHrevoked-contoso-token-for-test";
        (await world.Owner.PutAsJsonAsync($"/api/v1/provider-accounts/{world.ContosoAccount}/credentials", new { botToken = revoked })).EnsureSuccessStatusCode();
        var refused = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Hello again?" });
        var auth = await SettledAsync(world.Api, world.Conversation, refused.Str("id"), "Failed");
        Assert.Equal("auth_failed", auth.Str("errorCode"));
        Assert.Contains("401", auth.Str("errorReason"));
        var leaks = world.App.Logs.Entries.Where(e => e.ToString().Contains(revoked, StringComparison.Ordinal) || e.ToString().Contains(ContosoToken, StringComparison.Ordinal));
        Assert.True(!leaks.Any(), $"the bot token is in the log: {leaks.FirstOrDefault()}");
        Assert.Empty(world.Fake.Sent);
    }

    [StoreFact]
    public async Task AnAnswerLostAfterTheSendIsMayHaveBeenSentWithExactlyOneRequestAtTelegram()
    {
        await using var world = await SetUpAsync(timeout: "00:00:01");
        world.Fake.StallNext(TimeSpan.FromSeconds(10));

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Did it go?" });

        var failed = await SettledAsync(world.Api, world.Conversation, reply.Str("id"), "Failed");
        Assert.Equal("may_have_been_sent", failed.Str("errorCode"));
        await Task.Delay(2500); // long enough for any retry to have been made
        Assert.Single(world.Fake.Calls, c => c.Method == "sendmessage");
        Assert.Equal("Did it go?", Assert.Single(world.Fake.Sent).Text); // it had gone: a retry would have sent it twice
    }

    [StoreFact]
    public async Task AFloodWaitPausesTheBotForRetryAfterAndTheMessageThenGoesOnce()
    {
        await using var world = await SetUpAsync();
        world.Fake.PauseBot(ContosoBot, TimeSpan.FromSeconds(3));

        var reply = await world.Api.PostOkAsync($"/api/v1/conversations/{world.Conversation}/messages", new { text = "Soon." });

        await SettledAsync(world.Api, world.Conversation, reply.Str("id"), "Sent");
        var calls = world.Fake.Calls.Where(c => c.Method == "sendmessage").ToList();
        Assert.Equal(2, calls.Count); // refused 429 once, then sent, never hammered
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(2.9), $"retried after {(calls[1].At - calls[0].At).TotalSeconds:0.0} s");
        Assert.Single(world.Fake.Sent);
    }

    [StoreFact]
    public async Task APressedButtonIsAnsweredOnceItsUpdateIsCommitted()
    {
        await using var world = await SetUpAsync();
        // A message with buttons from the bot, as another tool of the brand might send it.
        using var http = new HttpClient();
        var keyboard = new { inline_keyboard = new[] { new[] { new { text = "Oui", callback_data = "helpful:yes" } } } };
        var posted = await http.PostAsJsonAsync(new Uri(world.Telegram.BaseUrl, $"/bot{ContosoToken}/sendMessage"), new { chat_id = Zoe, text = "Utile ?", reply_markup = keyboard });
        var id = (await posted.Content.ReadFromJsonAsync<JsonNode>())!["result"]!["message_id"]!.GetValue<long>();

        var pressed = await world.Fake.PressButtonAsync(ContosoBot, Zoe, id, "helpful:yes");

        Assert.True(pressed.Delivery.Accepted);
        await Eventually.True(() => world.Fake.CallbackAnswers.Any(a => a.QueryId == pressed.CallbackQueryId), "the button press is answered");
    }

    /// <summary>The reply as the thread shows it once the outbox has recorded what Telegram made of it.</summary>
    private static async Task<JsonNode> SettledAsync(HttpClient api, string conversation, string messageId, string status)
    {
        JsonNode? message = null;
        await Eventually.True(async () =>
        {
            var thread = await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages");
            message = thread["items"]!.AsArray().Single(m => m.Str("id") == messageId)!;
            return message["status"]?.GetValue<string>() is "Sent" or "Delivered" or "Failed";
        }, $"the reply {messageId} is sent or failed", timeoutMs: 30_000);
        Assert.Equal(status, message!.Str("status"));
        return message!;
    }
}

public sealed class SqliteTelegramSend : TelegramSendConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresTelegramSend : TelegramSendConformance
{
    protected override string Store => Stores.Postgres;
}
