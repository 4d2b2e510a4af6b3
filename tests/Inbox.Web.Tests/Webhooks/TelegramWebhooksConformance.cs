using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Webhooks;

/// <summary>
/// /webhooks/telegram/{botId} over real HTTP with Telegram's own bytes: the secret header checked before anything is read,
/// each kind of update landing, redeliveries, what is answered for what cannot be taken; and the admin action that
/// registers and removes the bot's webhook against a fake Bot API server.
/// </summary>
public abstract class TelegramWebhooksConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AWrongOrMissingSecretIsRefusedBeforeAnythingIsStored()
    {
        await using var app = new InboxApp(Store);
        await Telegram.BotAsync(app);
        var client = app.Client();
        var body = Telegram.Fixture("text.json");

        foreach (var secret in new[] { null, "", "guessed", Telegram.Secret[..^1], Telegram.Secret + "x", Telegram.Secret.ToUpperInvariant(), Telegram.BotToken })
            await (await Telegram.PostAsync(client, body, secret)).AssertProblemAsync(HttpStatusCode.Forbidden, "bad_secret_token");
        // The right secret under another bot's id, and a path that is no bot id at all.
        await (await Telegram.PostAsync(client, body, Telegram.Secret, "7000000002")).AssertProblemAsync(HttpStatusCode.Forbidden, "bad_secret_token");
        await (await Telegram.PostAsync(client, body, Telegram.Secret, "contoso_bot")).AssertProblemAsync(HttpStatusCode.Forbidden, "bad_secret_token");
        // Checked before the body is read: a malformed body with a wrong secret is refused as unauthenticated, not as malformed.
        await (await Telegram.PostAsync(client, "{"u8.ToArray(), "guessed")).AssertProblemAsync(HttpStatusCode.Forbidden, "bad_secret_token");

        Assert.Empty(await Meta.MessagesAsync(app));
        Assert.Empty(await Meta.UnroutedAsync(app));
        Assert.Equal(["Accepted"], await Telegram.PostRightAsync(client, body));
    }

    [StoreFact]
    public async Task EachMainKindLands()
    {
        await using var app = new InboxApp(Store);
        var (brand, _) = await Telegram.BotAsync(app);
        var client = app.Client();

        Assert.Equal(["Accepted"], await Telegram.PostRightAsync(client, Telegram.Fixture("text.json")));
        Assert.Equal(["Applied"], await Telegram.PostRightAsync(client, Telegram.Fixture("edited.json")));
        Assert.Equal(["Accepted"], await Telegram.PostRightAsync(client, Telegram.Fixture("callback.json")));
        Assert.Equal(["Accepted"], await Telegram.PostRightAsync(client, Telegram.Fixture("group.json")));
        Assert.Equal(["Accepted"], await Telegram.PostRightAsync(client, Telegram.Fixture("photo.json")));
        var reaction = """{"update_id":900000150,"message_reaction":{"chat":{"id":987654321,"first_name":"Zo\u00eb","type":"private"},"message_id":41,"user":{"id":987654321,"is_bot":false,"first_name":"Zo\u00eb"},"date":1717408900,"old_reaction":[],"new_reaction":[{"type":"emoji","emoji":"\ud83d\udc4d"}]}}"""u8.ToArray();
        Assert.Equal(["Applied"], await Telegram.PostRightAsync(client, reaction));

        var messages = await Meta.MessagesAsync(app, brand);
        var edited = Assert.Single(messages, m => m["providerMessageId"]?.GetValue<string>() == "41");
        Assert.Equal("Bonjour, où est ma commande 1234 ?", edited.Str("text"));
        Assert.Equal("👍", Assert.Single(edited["reactions"]!.AsArray())!.Str("emoji"));
        Assert.Contains(messages, m => m["text"]?.GetValue<string>() == "@contoso_bot my order?");
        Assert.Contains(messages, m => m["media"]!.AsArray().Any(x => x!.Str("type") == "image"));
        var conversations = (await app.Client(InboxApp.OwnerKey).GetOkAsync($"/api/v1/conversations?brandId={brand}"))["items"]!.AsArray();
        Assert.Equal(2, conversations.Count); // Zoë's private chat, and the group's thread
    }

    [StoreFact]
    public async Task ARedeliveryAddsNothing()
    {
        await using var app = new InboxApp(Store);
        var (brand, _) = await Telegram.BotAsync(app);
        var client = app.Client();
        await Telegram.PostRightAsync(client, Telegram.Fixture("text.json"));
        await Telegram.PostRightAsync(client, Telegram.Fixture("group.json"));

        Assert.Equal(["Duplicate"], await Telegram.PostRightAsync(client, Telegram.Fixture("text.json")));
        Assert.Equal(["Duplicate"], await Telegram.PostRightAsync(client, Telegram.Fixture("group.json")));
        Assert.Equal(2, (await Meta.MessagesAsync(app, brand)).Count);
    }

    [StoreFact]
    public async Task UnknownKindsAreAcknowledgedAndLoggedAndMalformedBodiesAre400()
    {
        await using var app = new InboxApp(Store);
        await Telegram.BotAsync(app);
        var client = app.Client();

        foreach (var (fixture, logged) in new[] { ("future-kind.json", "unknown update"), ("inline-query.json", "inline_query") })
        {
            var response = await Telegram.PostAsync(client, Telegram.Fixture(fixture), Telegram.Secret);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.ReadNodeAsync();
            Assert.Empty(answer["results"]!.AsArray());
            Assert.Single(answer["ignored"]!.AsArray());
            Assert.Single(app.Logs.Entries, e => e.Message.Contains(logged) && e.Message.Contains(Telegram.BotId));
        }
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains(Telegram.Secret) || e.Message.Contains("Zo\u00eb"));

        foreach (var malformed in new[] { "{\"update_id\":1,\"message\":", "[]", "{}", "", "null", "{\"update_id\":\"x\"}" })
            await (await Telegram.PostAsync(client, Encoding.UTF8.GetBytes(malformed), Telegram.Secret)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_payload");
        Assert.Empty(await Meta.MessagesAsync(app));
    }

    [StoreFact]
    public async Task ABotWithoutANumberIsKeptUnroutedAndABotNoAccountHoldsIsRefused()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "TelegramBot", name = "Unregistered bot" })).Str("id");
        var client = app.Client();
        await (await Telegram.PostAsync(client, Telegram.Fixture("text.json"), Telegram.Secret)).AssertProblemAsync(HttpStatusCode.Forbidden, "bad_secret_token");

        // A bot set up with no webhook secret accepts nothing, not even an empty header.
        Assert.True((await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { botToken = Telegram.BotToken })).IsSuccessStatusCode);
        await (await Telegram.PostAsync(client, Telegram.Fixture("text.json"), "")).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.True((await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { webhookSecretToken = Telegram.Secret })).IsSuccessStatusCode);
        Assert.Equal(["Unrouted"], await Telegram.PostRightAsync(client, Telegram.Fixture("text.json")));
        Assert.Contains(await Meta.UnroutedAsync(app), k => k!.Str("numberAddress") == Telegram.BotId);
    }

    [StoreFact]
    public async Task TheWebhookIsRegisteredAndRemovedThroughTheBotApi()
    {
        await using var fake = await FakeTelegram.StartAsync(Telegram.BotToken);
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:Providers:Telegram:ApiBase"] = fake.BaseUrl });
        var (_, account) = await Telegram.BotAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        var path = $"/api/v1/provider-accounts/{account}/telegram/webhook";
        var url = $"https://inbox.example.com/webhooks/telegram/{Telegram.BotId}";

        var registered = await owner.PostAsJsonAsync(path, new { url });
        Assert.True(registered.IsSuccessStatusCode, $"{await registered.Content.ReadAsStringAsync()} {string.Join("; ", fake.Calls.Select(c => c.Method + " " + c.Parameters.ToJsonString()))}");
        var set = await registered.ReadNodeAsync();
        Assert.Equal(url, set.Str("url"));
        var (method, parameters) = Assert.Single(fake.Calls);
        Assert.Equal("setWebhook", method);
        Assert.Equal(url, parameters["url"]!.GetValue<string>());
        Assert.Equal(Telegram.Secret, parameters["secret_token"]!.GetValue<string>());
        Assert.Equal(["message", "edited_message", "channel_post", "edited_channel_post", "callback_query", "message_reaction", "my_chat_member"],
            parameters["allowed_updates"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.DoesNotContain(Telegram.Secret, set.ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(path)).StatusCode);
        Assert.Equal("deleteWebhook", fake.Calls.Last().Method);

        // Telegram's refusal comes back with its own description; ours are problems naming the field.
        var refused = await (await owner.PostAsJsonAsync(path, new { url = "https://inbox.invalid/webhooks/telegram/7000000001" })).AssertProblemAsync(HttpStatusCode.BadGateway, "telegram_refused");
        Assert.Contains("Failed to resolve host", refused.Str("detail"));
        await (await owner.PostAsJsonAsync(path, new { url = "http://inbox.example.com/webhooks/telegram/7000000001" })).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_url", "url");
        await (await owner.PostAsJsonAsync(path, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, field: "url");
        await (await owner.PostAsJsonAsync("/api/v1/provider-accounts/acc_missing/telegram/webhook", new { url })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client().PostAsJsonAsync(path, new { url })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // A token the Bot API does not know: its 401 is a problem, not a 500.
        Assert.True((await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { botToken = "7000000001:AAHrevoked-token" })).IsSuccessStatusCode);
        var unauthorized = await (await owner.DeleteAsync(path)).AssertProblemAsync(HttpStatusCode.BadGateway, "telegram_refused");
        Assert.Contains("Unauthorized", unauthorized.Str("detail"));
        Assert.Equal(3, fake.Calls.Count); // the revoked token's call never reached a method
    }
}

public sealed class SqliteTelegramWebhooks : TelegramWebhooksConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresTelegramWebhooks : TelegramWebhooksConformance
{
    protected override string Store => Stores.Postgres;
}
