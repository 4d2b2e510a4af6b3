using Inbox.Silo.Channels;
using Inbox.Storage.Tests;
using Inbox.Web.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Demos;

/// <summary>
/// The demo on Messenger: the app's own fake Send API posts a customer's message to /webhooks/messenger signed with the
/// demo Messenger app's secret, an agent answers through the API, the fake receives the reply from Fabrikam's Page, and
/// the delivery and read watermarks bring the ticks back.
/// </summary>
public abstract class DemoMessengerConformance
{
    private const string Support = "100000000000002";
    private const string Customer = "6100000000000777";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ACustomersMessageReachesFabrikamsPageAndTheReplyLeavesFromItAndIsRead()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        var fake = app.Services.GetRequiredService<DemoChannels>().For(Channel.Messenger)!.Fake;

        var delivery = await fake.SendAsCustomerAsync(Support, Customer, "Can I book a repair this week?", CancellationToken.None);

        Assert.True(delivery.Accepted, delivery.Problem);
        var agent = await DemoSmsConformance.SignInAsync(app, DemoData.AgentEmail);
        var conversation = await DemoSmsConformance.ConversationOfAsync(agent, Customer);
        var reply = await agent.PostOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "Yes: Thursday at 10 is free." });

        await Eventually.True(() => fake.SentTo(Customer).Any(s => s.Status == "read"), "the reply read at the fake", 20_000);
        var sent = Assert.Single(fake.SentTo(Customer));
        Assert.Equal((Support, "Yes: Thursday at 10 is free."), (sent.From, sent.Text));
        await Eventually.True(async () =>
        {
            var messages = (await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray();
            var mine = messages.Single(m => m.Str("id") == reply.Str("id"))!;
            return mine.Str("status") == "Read" && mine.Str("providerMessageId") == sent.ProviderMessageId;
        }, "the reply shown read in the thread", 20_000);
    }
}

public sealed class SqliteDemoMessenger : DemoMessengerConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDemoMessenger : DemoMessengerConformance
{
    protected override string Store => Stores.Postgres;
}
