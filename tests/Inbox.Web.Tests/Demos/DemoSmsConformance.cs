using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes;
using Inbox.Silo.Channels;
using Inbox.Storage.Tests;
using Inbox.Web.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Demos;

/// <summary>
/// The demo as a new user meets it on SMS: the app's own fake ACS resource plays the carrier, a customer's text goes
/// through its Event Grid delivery to /webhooks/sms, an agent answers through the API, the fake receives the reply from
/// the number the customer wrote to (with the brand's other SMS number and the other brand's present), and the delivery
/// report brings the delivered tick back. The seed, started twice on one store, leaves the same data.
/// </summary>
public abstract class DemoSmsConformance
{
    private const string Workshop = "+15550100103";
    private const string Customer = "+14255550999";

    protected abstract string Store { get; }

    private InboxApp Start(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Store, settings ?? new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });

    private static IChannelFake Sms(InboxApp app) => app.Services.GetRequiredService<DemoChannels>().For(Channel.Sms)!.Fake;

    public static async Task<HttpClient> SignInAsync(InboxApp app, string email)
    {
        var client = app.Client();
        var login = await client.PostAsJsonAsync("/account/login", new { email, password = DemoData.Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return client;
    }

    /// <summary>The conversation of <paramref name="customer"/> as <paramref name="api"/> lists it, once it is there.</summary>
    public static async Task<JsonNode> ConversationOfAsync(HttpClient api, string customer)
    {
        JsonNode? found = null;
        await Eventually.True(async () =>
        {
            found = (await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray().FirstOrDefault(c => c!["contactAddress"]?.GetValue<string>() == customer);
            return found is not null;
        }, $"a conversation with {customer}");
        return found!;
    }

    [StoreFact]
    public async Task ACustomersTextReachesTheBrandAndTheAgentsReplyComesBackFromTheSameNumberWithTheDeliveredTick()
    {
        await using var app = Start();
        var fake = Sms(app);

        var delivery = await fake.SendAsCustomerAsync(Workshop, Customer, "Is my bike ready for pickup?", CancellationToken.None);

        Assert.True(delivery.Accepted, delivery.Problem);
        var agent = await SignInAsync(app, DemoData.WorkshopEmail);
        var conversation = await ConversationOfAsync(agent, Customer);
        var thread = await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages");
        Assert.Equal("Is my bike ready for pickup?", Assert.Single(thread["items"]!.AsArray())!.Str("text"));

        var reply = await agent.PostOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages", new { text = "Yes, it is ready: come by any time before 6." });

        await Eventually.True(() => fake.SentTo(Customer).Any(s => s.Status == "delivered"), "the reply reported delivered by the fake");
        var sent = Assert.Single(fake.SentTo(Customer));
        Assert.Equal((Workshop, "Yes, it is ready: come by any time before 6."), (sent.From, sent.Text));
        await Eventually.True(async () =>
        {
            var messages = (await agent.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray();
            var mine = messages.Single(m => m.Str("id") == reply.Str("id"))!;
            return mine.Str("status") == "Delivered" && mine.Str("providerMessageId") == sent.ProviderMessageId;
        }, "the reply shown delivered in the thread");
        // Present all along: Fabrikam's other SMS number and Contoso's, on the same ACS account, and the other channels' numbers.
        var numbers = new List<string>();
        foreach (var brand in new[] { DemoPlan.Fabrikam, DemoPlan.Contoso })
            numbers.AddRange((await app.Client(InboxApp.OwnerKey).GetOkAsync($"/api/v1/brands/{brand}/numbers")).AsArray().Select(n => n!.Str("key")));
        Assert.Equal(["messenger:100000000000002", "sms:+15550100100", "sms:+15550100103", "telegram:1000000003", "sms:+15550100102", "whatsapp:100000000000001"], numbers);
    }

    [StoreFact]
    public async Task WithAWrongEventGridSecretConfiguredTheCustomersTextIsRefusedAndNothingArrives()
    {
        await using var app = Start();
        var owner = app.Client(InboxApp.OwnerKey);
        var changed = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{AcsDemoChannel.AccountId}/credentials", new { eventGridSecret = "another-secret-entirely" });
        changed.EnsureSuccessStatusCode();

        var delivery = await Sms(app).SendAsCustomerAsync(Workshop, Customer, "hello?", CancellationToken.None);

        Assert.Equal(401, delivery.Status);
        Assert.Contains("secret", delivery.Problem);
        var conversations = (await owner.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray();
        Assert.DoesNotContain(conversations, c => c!["contactAddress"]?.GetValue<string>() == Customer);
    }

    [StoreFact]
    public async Task StartingTheDemoTwiceOnOneStoreLeavesTheSameData()
    {
        JsonNode first;
        IReadOnlyDictionary<string, string?> settings;
        await using (var app = Start())
        {
            first = await SnapshotAsync(app);
            settings = app.Settings;
        }
        await using var again = Start(settings);

        var second = await SnapshotAsync(again);

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        // The credentials a restart changes (endpoint, apiBase): the fake's endpoint follows the port this process listens on.
        var endpoint = (await again.Client(InboxApp.OwnerKey).GetOkAsync($"/api/v1/provider-accounts/{AcsDemoChannel.AccountId}"))["credentials"]!.Str("endpoint");
        Assert.Equal($"{again.BaseUrl}/demo/fakes/acs/", endpoint);
        Assert.Equal(2, first["brands"]!.AsArray().Count);
        Assert.Equal(3, first["agents"]!.AsArray().Count); // the brands' members; the owner is no brand's
        Assert.Equal(7, first["conversations"]!.AsArray().Count); // one per customer of DemoPlan, on all four channels
    }

    /// <summary>Brands, numbers, agents, accounts and every thread's messages (ids and texts, not their ticks, which move on their own).</summary>
    private static async Task<JsonNode> SnapshotAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brands = await owner.GetOkAsync("/api/v1/brands");
        var numbers = new JsonArray();
        var agents = new JsonArray();
        foreach (var brand in brands.AsArray())
        {
            numbers.Add((await owner.GetOkAsync($"/api/v1/brands/{brand.Str("id")}/numbers")).DeepClone());
            foreach (var agent in (await owner.GetOkAsync($"/api/v1/brands/{brand.Str("id")}/agents")).AsArray())
                if (!agents.Any(a => a.Str("id") == agent.Str("id"))) agents.Add(new JsonObject { ["id"] = agent.Str("id"), ["email"] = agent.Str("email"), ["role"] = agent!["role"]!.DeepClone() });
        }
        var conversations = new JsonArray();
        foreach (var conversation in (await owner.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())
        {
            var messages = (await owner.GetOkAsync($"/api/v1/conversations/{conversation.Str("id")}/messages"))["items"]!.AsArray()
                .Select(m => (JsonNode)new JsonObject { ["id"] = m.Str("id"), ["text"] = m!["text"]?.DeepClone() });
            conversations.Add(new JsonObject { ["id"] = conversation.Str("id"), ["contact"] = conversation.Str("contactAddress"), ["messages"] = new JsonArray([.. messages]) });
        }
        var accounts = (await owner.GetOkAsync("/api/v1/provider-accounts")).AsArray().Select(a => (JsonNode)new JsonObject
        {
            ["id"] = a.Str("id"), ["kind"] = a.Str("kind"), ["sharedWith"] = a!["sharedWith"]!.DeepClone(), ["credentials"] = new JsonArray([.. a["credentials"]!.AsObject().Where(c => c.Key is not ("endpoint" or "apiBase")).Select(c => (JsonNode)$"{c.Key}={c.Value}")]),
        });
        return new JsonObject
        {
            ["brands"] = brands.DeepClone(), ["numbers"] = numbers, ["agents"] = agents, ["accounts"] = new JsonArray([.. accounts]), ["conversations"] = conversations,
        };
    }
}

public sealed class SqliteDemoSms : DemoSmsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDemoSms : DemoSmsConformance
{
    protected override string Store => Stores.Postgres;
}
