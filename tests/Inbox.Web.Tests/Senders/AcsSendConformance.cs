using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes.Sms;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Senders;

/// <summary>
/// An ACS resource account sends for real, end to end over HTTP on loopback: the account and its credentials made
/// through the API, a customer writing in through the webhook, an agent's reply through the API, and the fake ACS
/// resource (which checks the HMAC signature as ACS does) receiving it from the brand's own number.
/// </summary>
public abstract class AcsSendConformance
{
    private const string Key = "ZmFrZS1hY3MtYWNjZXNzLWtleS1mb3ItdGVzdHMtb25seSEh";

    /// <summary>Base64, as every ACS key is, but not a key of this resource.</summary>
    private const string WrongKey = "bm90LXRoZS1rZXktb2YtdGhpcy1yZXNvdXJjZS1hdC1hbGwh";

    private const string ContosoNumber = "+14255550100";
    private const string FabrikamNumber = "+14255550200";
    private const string Customer = "+14255550123";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AReplyGoesOutThroughTheAcsResourceFromTheConversationsNumberAndIsRecordedSentWithAcssId()
    {
        await using var acs = await AcsSmsFakeServer.StartAsync(new AcsSmsFakeOptions { AccessKeys = [Key] });
        await using var app = new InboxApp(Store);
        var (api, conversation) = await SetUpAsync(app, new { endpoint = acs.Endpoint.ToString(), accessKey = Key });

        var reply = await api.PostOkAsync($"/api/v1/conversations/{conversation}/messages", new { text = "It ships today, caf\u00e9 included." });

        var sent = await SettledAsync(api, conversation, reply.Str("id"), "Sent");
        var sms = Assert.Single(acs.Fake.Sent);
        Assert.Equal((ContosoNumber, Customer, "It ships today, café included.", conversation), (sms.From, sms.To, sms.Message, sms.Tag));
        Assert.True(sms.DeliveryReport);
        Assert.Equal(sms.MessageId, sent.Str("providerMessageId"));
        Assert.Null(sent["errorCode"]);
    }

    [StoreFact]
    public async Task AWrongAccessKeyFailsTheMessageAsAuthFailedAndNoSecretIsShownOrLogged()
    {
        await using var acs = await AcsSmsFakeServer.StartAsync(new AcsSmsFakeOptions { AccessKeys = [Key] });
        await using var app = new InboxApp(Store);
        var (api, conversation) = await SetUpAsync(app, new { endpoint = acs.Endpoint.ToString(), accessKey = WrongKey });

        var reply = await api.PostOkAsync($"/api/v1/conversations/{conversation}/messages", new { text = "It ships today." });

        var failed = await SettledAsync(api, conversation, reply.Str("id"), "Failed");
        Assert.Equal("auth_failed", failed.Str("errorCode"));
        Assert.False(string.IsNullOrWhiteSpace(failed.Str("errorReason")));
        Assert.Empty(acs.Fake.Sent);
        AssertNowhere(app, failed, WrongKey);
    }

    [StoreFact]
    public async Task AnAccountWithoutItsAccessKeyHasNoSenderAndTheReasonNamesTheMissingCredential()
    {
        await using var acs = await AcsSmsFakeServer.StartAsync(new AcsSmsFakeOptions { AccessKeys = [Key] });
        await using var app = new InboxApp(Store);
        var (api, conversation) = await SetUpAsync(app, new { endpoint = acs.Endpoint.ToString() });

        var reply = await api.PostOkAsync($"/api/v1/conversations/{conversation}/messages", new { text = "It ships today." });

        var failed = await SettledAsync(api, conversation, reply.Str("id"), "Failed");
        Assert.Equal("no_sender", failed.Str("errorCode"));
        Assert.Contains("accessKey", failed.Str("errorReason"));
        Assert.Empty(acs.Fake.Sent);
    }

    [StoreFact]
    public async Task CredentialsThisInstanceCannotOpenFailTheMessageAsAuthFailedRatherThanThrowing()
    {
        await using var acs = await AcsSmsFakeServer.StartAsync(new AcsSmsFakeOptions { AccessKeys = [Key] });
        await using var app = new InboxApp(Store);
        var (api, conversation) = await SetUpAsync(app, new { endpoint = acs.Endpoint.ToString(), accessKey = Key });
        // Sealed by another instance's key ring (a restore onto a host without the keys), written as its grain keeps them.
        var account = (await app.Client(InboxApp.OwnerKey).GetOkAsync("/api/v1/provider-accounts")).AsArray().Single(a => a.Str("kind") == "AcsResource")!.Str("id");
        var foreign = new Inbox.Web.Accounts.CredentialVault(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var grains = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(app.Services);
        await grains.GetGrain<Inbox.Silo.Accounts.IProviderAccountGrain>(account).SetCredentials(Inbox.Silo.Access.Caller.Owner(),
            new Inbox.Silo.Accounts.SealedCredentials(foreign.Seal(new Dictionary<string, string> { ["endpoint"] = acs.Endpoint.ToString(), ["accessKey"] = Key }),
                new Dictionary<string, string>()));

        var reply = await api.PostOkAsync($"/api/v1/conversations/{conversation}/messages", new { text = "It ships today." });

        // On PostgreSQL this once hung: the key ring's refresh for the unknown key blocked the outbox grain's scheduler.
        var failed = await SettledAsync(api, conversation, reply.Str("id"), "Failed");
        Assert.Equal("auth_failed", failed.Str("errorCode"));
        Assert.Contains("data protection keys", failed.Str("errorReason"));
        Assert.Empty(acs.Fake.Sent);
        AssertNowhere(app, failed, Key);
    }

    /// <summary>
    /// One ACS resource of the instance shared with two brands, each with an SMS number on it (the other brand's
    /// registered first, so a sender that took "the account's first number" would be caught), and a customer who
    /// wrote to Contoso's number. Returns Contoso's supervisor client and that conversation.
    /// </summary>
    private static async Task<(HttpClient Api, string Conversation)> SetUpAsync(InboxApp app, object credentials)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/teams", new { name = "Support" })).Str("id");
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "AcsResource", name = "Our ACS", sharedWith = new[] { contoso, fabrikam } })).Str("id");
        var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", credentials);
        set.EnsureSuccessStatusCode();
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "Sms", address = FabrikamNumber, purpose = "Support", providerAccount = account });
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "Sms", address = ContosoNumber, purpose = "Support", providerAccount = account, defaultTeamId = team });
        var key = (await owner.PostOkAsync($"/api/v1/brands/{contoso}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");
        var webhook = await owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(ContosoNumber, Customer, "Where is my order?", "SM-" + Guid.NewGuid().ToString("N")) });
        Assert.Equal("Accepted", webhook["outcomes"]![0]!.GetValue<string>());
        var api = app.Client(key);
        var conversation = Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        return (api, conversation);
    }

    /// <summary>The reply as the thread shows it once the outbox has recorded what ACS made of it.</summary>
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

    private static void AssertNowhere(InboxApp app, JsonNode shown, string secret)
    {
        Assert.DoesNotContain(secret, shown.ToJsonString());
        Assert.DoesNotContain(app.Logs.Entries, e => e.ToString().Contains(secret, StringComparison.Ordinal));
    }
}

public sealed class SqliteAcsSend : AcsSendConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresAcsSend : AcsSendConformance
{
    protected override string Store => Stores.Postgres;
}
