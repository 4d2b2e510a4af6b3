using Inbox.Silo.Channels;
using Inbox.Storage.Tests;
using Inbox.Web.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Demos;

/// <summary>
/// The demo on WhatsApp as a new user meets it: the app's own fake Cloud API posts a customer's message to
/// /webhooks/whatsapp signed with the demo Meta app's secret, an agent answers through the API, the fake receives the
/// reply from Contoso's support number (beside the other brand's numbers on other channels), and the sent, delivered
/// and read ticks come back through the signed status webhooks.
/// </summary>
public abstract class DemoWhatsAppConformance
{
    private const string Support = "100000000000001";
    private const string Customer = "+14255550888";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ACustomersWhatsAppReachesContosoAndTheReplyLeavesFromItsSupportNumberAndIsRead()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        var fake = app.Services.GetRequiredService<DemoChannels>().For(Channel.WhatsApp)!.Fake;

        var delivery = await fake.SendAsCustomerAsync(Support, Customer, "Do you deliver on Saturdays?", CancellationToken.None);

        Assert.True(delivery.Accepted, delivery.Problem);
        var agent = await DemoSmsConformance.SignInAsync(app, DemoData.AgentEmail);
        var conversation = await DemoSmsConformance.ConversationOfAsync(agent, Customer);
        var reply = await agent.PostOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "Yes, until noon." });

        await Eventually.True(() => fake.SentTo(Customer).Any(s => s.Status == "read"), "the reply read at the fake", 20_000);
        var sent = Assert.Single(fake.SentTo(Customer));
        Assert.Equal((Support, "Yes, until noon."), (sent.From, sent.Text));
        await Eventually.True(async () =>
        {
            var messages = (await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray();
            var mine = messages.Single(m => m.Str("id") == reply.Str("id"))!;
            return mine.Str("status") == "Read" && mine.Str("providerMessageId") == sent.ProviderMessageId;
        }, "the reply shown read in the thread", 20_000);
    }
}

public sealed class SqliteDemoWhatsApp : DemoWhatsAppConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDemoWhatsApp : DemoWhatsAppConformance
{
    protected override string Store => Stores.Postgres;
}
