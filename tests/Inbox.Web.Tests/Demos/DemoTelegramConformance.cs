using System.Net;
using System.Text.Json.Nodes;
using Inbox.Silo.Channels;
using Inbox.Storage.Tests;
using Inbox.Web.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Demos;

/// <summary>
/// The demo on Telegram: the bot's webhook is registered with setWebhook at a public https name, the app's own fake Bot
/// API posts a customer's message to /webhooks/telegram/{botId} with the secret header, an agent answers through the API
/// and the fake receives it from Fabrikam's bot; a photo the customer sends is fetched through the bot account's own
/// apiBase by the media proxy.
/// </summary>
public abstract class DemoTelegramConformance
{
    private const string Bot = "1000000003";
    private const long Customer = 700000777;

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ACustomerWritesToFabrikamsBotTheReplyLeavesFromItAndTheirPhotoOpensThroughTheProxy()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        var telegram = app.Services.GetServices<IDemoChannel>().OfType<TelegramDemoChannel>().Single();
        var hook = telegram.Telegram.Calls.LastOrDefault(c => c.Method.Equals("setWebhook", StringComparison.OrdinalIgnoreCase))?.Call
            ?? throw new Xunit.Sdk.XunitException("No setWebhook reached the fake. " + string.Join("\n", app.Logs.Entries.Where(e => e.ToString()!.Contains("Demo"))));
        Assert.Equal((TelegramDemoChannel.PublicWebhook.ToString(), TelegramDemoChannel.WebhookSecret), (hook.Text("url"), hook.Text("secret_token")));

        var delivery = await telegram.Fake.SendAsCustomerAsync(Bot, Customer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Do you fix e-bike batteries?", CancellationToken.None);

        Assert.True(delivery.Accepted, delivery.Problem);
        var agent = await DemoSmsConformance.SignInAsync(app, DemoData.AgentEmail);
        var conversation = await DemoSmsConformance.ConversationOfAsync(agent, "700000777");
        var reply = await agent.PostOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "We do: bring it in any weekday." });

        await Eventually.True(() => telegram.Telegram.Sent.Any(s => s.ChatId == Customer), "the reply at the fake", 20_000);
        var sent = Assert.Single(telegram.Telegram.Sent, s => s.ChatId == Customer);
        Assert.Equal((Bot, "We do: bring it in any weekday."), (sent.BotId, sent.Text));
        await Eventually.True(async () =>
        {
            var messages = (await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray();
            var mine = messages.Single(m => m.Str("id") == reply.Str("id"))!;
            return mine.Str("status") == "Sent" && mine.Str("providerMessageId") == sent.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, "the reply shown sent in the thread", 20_000);

        var photo = Enumerable.Range(0, 2048).Select(i => (byte)(i * 13)).ToArray();
        var written = await telegram.Telegram.SendFileAsync(Bot, Customer, "photo", photo, mimeType: "image/jpeg", caption: "the battery");
        Assert.True(written.Delivery.Accepted, written.Delivery.Problem);
        var shown = (await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray()
            .Single(m => m!["media"] is JsonArray { Count: 1 })!;
        var fetched = await agent.GetAsync($"/api/v1/messages/{shown.Str("id")}/media/0");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(photo, await fetched.Content.ReadAsByteArrayAsync());
    }
}

public sealed class SqliteDemoTelegram : DemoTelegramConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDemoTelegram : DemoTelegramConformance
{
    protected override string Store => Stores.Postgres;
}
