using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Storage.Tests;
using Microsoft.AspNetCore.SignalR;

namespace Inbox.Web.Tests.Hub;

/// <summary>
/// /hubs/inbox over real HTTP on loopback with the real SignalR client: who may connect, and that an event reaches a
/// connection exactly when the list would show its conversation to the caller, before and after a team move or a
/// membership change.
/// </summary>
public sealed class HubTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private const string SupportNumber = "+14255550100";
    private const string BillingNumber = "+14255550101";
    private const string SupportCustomer = "+14255550123";
    private const string BillingCustomer = "+14255550124";

    private readonly InboxApp _app = new();
    private HttpClient _owner = null!;
    private string _brand = null!, _support = null!, _billing = null!, _supervisorKey = null!;

    public async Task InitializeAsync()
    {
        _owner = _app.Client(InboxApp.OwnerKey);
        _brand = (await _owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        _support = (await _owner.PostOkAsync($"/api/v1/brands/{_brand}/teams", new { name = "Support" })).Str("id");
        _billing = (await _owner.PostOkAsync($"/api/v1/brands/{_brand}/teams", new { name = "Billing" })).Str("id");
        await _owner.PostOkAsync($"/api/v1/brands/{_brand}/numbers", new { channel = "Sms", address = SupportNumber, purpose = "Support", providerAccount = "sandbox", defaultTeamId = _support });
        await _owner.PostOkAsync($"/api/v1/brands/{_brand}/numbers", new { channel = "Sms", address = BillingNumber, purpose = "Support", providerAccount = "sandbox", defaultTeamId = _billing });
        _supervisorKey = (await _owner.PostOkAsync($"/api/v1/brands/{_brand}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnAnonymousNegotiationIsAnsweredWith401AndNeverARedirect()
    {
        var response = await _app.Client().PostAsync("/hubs/inbox/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.ConnectAsync(_app.BaseUrl));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AnApiKeyOpensTheHubOnlyThroughATicketAndNeverByItself()
    {
        var inQuery = await _app.Client().PostAsync($"/hubs/inbox/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(_supervisorKey)}", null);
        var asBearer = await _app.Client(_supervisorKey).PostAsync("/hubs/inbox/negotiate?negotiateVersion=1", null);
        var ticketed = await _app.Client(_supervisorKey).PostAsync("/api/v1/hub/tickets", null);
        var ticket = (await ticketed.ReadNodeAsync()).Str("ticket");
        var withTicket = await _app.Client().PostAsync($"/hubs/inbox/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(ticket)}", null);
        var forged = await _app.Client().PostAsync($"/hubs/inbox/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(ticket[..^4] + "AAAA")}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ticketed.StatusCode);
        Assert.DoesNotContain(_supervisorKey, ticket);
        Assert.True(DateTimeOffset.Parse((await ticketed.ReadNodeAsync()).Str("expiresAt"), System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow.AddMinutes(1.1));
        Assert.Equal(HttpStatusCode.OK, withTicket.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Client().PostAsync("/api/v1/hub/tickets", null)).StatusCode);
    }

    [Fact]
    public async Task ASignedInAgentGetsNoTicketButConnectsWithTheCookie()
    {
        var (cookies, _) = await AgentAsync("ann", _support);

        var ticket = await _app.Client(cookies: cookies).PostAsync("/api/v1/hub/tickets", null);
        await using var hub = await HubClient.ConnectAsync(_app.BaseUrl, cookies);

        Assert.Equal(HttpStatusCode.Forbidden, ticket.StatusCode);
        Assert.NotNull(await hub.SubscribeInboxAsync(new { }));
    }

    [Fact]
    public async Task AMessagePostedToTheWebhookArrivesAsMessageAddedWithIncreasingSequences()
    {
        await using var hub = await HubClient.ConnectWithKeyAsync(_app, _supervisorKey);
        await hub.SubscribeInboxAsync(new { brandId = _brand });

        await InboundAsync(SupportNumber, SupportCustomer, "one", "two", "three");

        var id = await ConversationOfAsync(SupportCustomer);
        await Eventually.True(() => hub.Texts(id).Count == 3, "three messageAdded events");
        Assert.Equal(["one", "two", "three"], hub.Texts(id));
        var added = hub.Of(id).Where(h => h.Method == "messageAdded").Select(h => h.Payload).ToList();
        Assert.All(added, e => Assert.Equal(_brand, e.GetProperty("brandId").GetString()));
        var sequences = hub.Of(id).Select(h => h.Payload.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences); // none skipped
        Assert.Contains(hub.Of(id), h => h.Method == "conversationUpdated" && h.Payload.GetProperty("conversation").GetProperty("teamId").GetString() == _support);
    }

    [Fact]
    public async Task AnAgentOfAnotherTeamReceivesNothingOfTheThread()
    {
        var (supportCookies, _) = await AgentAsync("ann", _support);
        var (billingCookies, _) = await AgentAsync("bo", _billing);
        await using var ann = await HubClient.ConnectAsync(_app.BaseUrl, supportCookies);
        await using var bo = await HubClient.ConnectAsync(_app.BaseUrl, billingCookies);
        await ann.SubscribeInboxAsync(new { });
        await bo.SubscribeInboxAsync(new { brandId = _brand });

        await InboundAsync(SupportNumber, SupportCustomer, "a support question");
        var supportThread = await ConversationOfAsync(SupportCustomer);
        var refused = await Assert.ThrowsAsync<HubException>(() => bo.SubscribeConversationAsync(supportThread));
        await InboundAsync(SupportNumber, SupportCustomer, "still waiting");
        await InboundAsync(BillingNumber, BillingCustomer, "a billing question"); // the sentinel: Bo hears this one, after the others
        var billingThread = await ConversationOfAsync(BillingCustomer);

        await Eventually.True(() => bo.Texts(billingThread).Count == 1, "Bo hears his own team's thread");
        await Eventually.True(() => ann.Texts(supportThread).Count == 2, "Ann hears hers");
        Assert.Contains("conversation_not_visible", refused.Message);
        Assert.Empty(bo.Of(supportThread));
        Assert.Empty(ann.Of(billingThread));
    }

    [Fact]
    public async Task AfterATeamMoveTheWatcherGetsConversationRemovedAndNothingAfter()
    {
        var (cookies, _) = await AgentAsync("ann", _support);
        await using var ann = await HubClient.ConnectAsync(_app.BaseUrl, cookies);
        await ann.SubscribeInboxAsync(new { team = _support });
        await InboundAsync(SupportNumber, SupportCustomer, "before the move");
        var moved = await ConversationOfAsync(SupportCustomer);
        await ann.SubscribeConversationAsync(moved); // the thread is open too: neither subscription may outlive the move
        await Eventually.True(() => ann.Texts(moved).Count == 1, "Ann hears the thread while it is her team's");

        var patched = await _app.Client(_supervisorKey).PatchAsync($"/api/v1/conversations/{moved}", Seed.JsonBody($$"""{"teamId":"{{_billing}}"}"""));
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        await Eventually.True(() => ann.Of(moved).Any(h => h.Method == "conversationRemoved"), "Ann is told the thread left her sight");
        await InboundAsync(SupportNumber, SupportCustomer, "after the move");
        await ann.SubscribeInboxAsync(new { }); // even a view of everything she may see does not bring it back
        await InboundAsync(SupportNumber, SupportCustomer, "and again");
        await InboundAsync(SupportNumber, "+14255550125", "the sentinel"); // a new thread of Support, after all of it
        var sentinel = await ConversationOfAsync("+14255550125");
        await Eventually.True(() => ann.Texts(sentinel).Count == 1, "Ann hears the sentinel");

        var heard = ann.Of(moved);
        var removed = heard.Single(h => h.Method == "conversationRemoved");
        Assert.Equal("conversationRemoved", heard[^1].Method);
        Assert.Equal(["conversationId", "sequence"], removed.Payload.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("after the move", ann.Texts(moved));
        Assert.Equal(["before the move"], ann.Texts(moved));
    }

    [Fact]
    public async Task AfterAMembershipChangeTheAgentHearsNothingMoreOfTheTeamSheLeft()
    {
        var (cookies, agent) = await AgentAsync("ann", _support, _billing);
        await using var ann = await HubClient.ConnectAsync(_app.BaseUrl, cookies);
        await ann.SubscribeInboxAsync(new { });
        await InboundAsync(SupportNumber, SupportCustomer, "before");
        var support = await ConversationOfAsync(SupportCustomer);
        await Eventually.True(() => ann.Texts(support).Count == 1, "Ann hears Support while she is in it");

        var changed = await _owner.PutAsJsonAsync($"/api/v1/agents/{agent}/memberships/{_brand}", new { role = "Agent", teams = new[] { _billing } }, Json.Options);
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        await InboundAsync(SupportNumber, SupportCustomer, "after");
        await InboundAsync(BillingNumber, BillingCustomer, "the sentinel");
        var billing = await ConversationOfAsync(BillingCustomer);
        await Eventually.True(() => ann.Texts(billing).Count == 1, "Ann still hears Billing");

        Assert.Equal(["before"], ann.Texts(support));
        Assert.Equal("conversationRemoved", ann.Of(support)[^1].Method);
    }

    [Fact]
    public async Task AReplyIsHeardWithItsDeliveryStatusAndAnAgentsPresenceWithIt()
    {
        var (cookies, agent) = await AgentAsync("ann", _support);
        await using var hub = await HubClient.ConnectWithKeyAsync(_app, _supervisorKey);
        await hub.SubscribeInboxAsync(new { brandId = _brand });
        var id = await StartAsync();

        var reply = await _app.Client(_supervisorKey).PostOkAsync($"/api/v1/conversations/{id}/messages", new { text = "on it" });
        var presence = await _app.Client(cookies: cookies).PutAsJsonAsync("/api/v1/agents/me/presence", new { presence = "Online" }, Json.Options);

        Assert.Equal(HttpStatusCode.NoContent, presence.StatusCode);
        await Eventually.True(() => hub.Of(id).Any(h => h.Method == "messageStatusChanged" && h.Payload.GetProperty("messageId").GetString() == reply.Str("id")),
            "the reply's delivery status");
        await Eventually.True(() => hub.Heard.Any(h => h.Method == "agentPresenceChanged" && h.Payload.GetProperty("agentId").GetString() == agent
            && h.Payload.GetProperty("presence").GetString() == "Online"), "Ann's presence");
        Assert.Contains("on it", hub.Texts(id));
        var status = hub.Of(id).First(h => h.Method == "messageStatusChanged").Payload;
        Assert.True(status.GetProperty("sequence").GetInt64() > 0);
        Assert.False(hub.Heard.First(h => h.Method == "agentPresenceChanged").Payload.TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task ACustomersReactionIsHeardAsMessageReactionsChangedWithWhatTheMessageShowsNow()
    {
        await using var hub = await HubClient.ConnectWithKeyAsync(_app, _supervisorKey);
        await hub.SubscribeInboxAsync(new { brandId = _brand });
        await _owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(SupportNumber, SupportCustomer, "is it fixed?", "SM-react") });
        var id = await ConversationOfAsync(SupportCustomer);
        await Eventually.True(() => hub.Texts(id).Count == 1, "the message first");

        await _owner.PostOkAsync("/webhooks/events", new[]
        {
            new { kind = "Reaction", channel = "Sms", numberAddress = SupportNumber, senderAddress = SupportCustomer, dedupeKey = "R-react",
                providerMessageId = "SM-react", providerTimestamp = DateTimeOffset.UtcNow, reaction = "\ud83d\udc4d" },
        });

        await Eventually.True(() => hub.Of(id).Any(h => h.Method == "messageReactionsChanged"), "messageReactionsChanged");
        var reacted = hub.Of(id).Single(h => h.Method == "messageReactionsChanged").Payload;
        var message = hub.Of(id).First(h => h.Method == "messageAdded").Payload.GetProperty("message");
        Assert.Equal(message.GetProperty("id").GetString(), reacted.GetProperty("messageId").GetString());
        Assert.Equal("\ud83d\udc4d", reacted.GetProperty("reactions")[0].GetProperty("emoji").GetString());
        var sequences = hub.Of(id).Select(h => h.Payload.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences); // the reaction's number is no gap
    }

    [Fact]
    public async Task TheNodeSubscribesToABrandOnlyWhileAConnectionWatchesIt()
    {
        var feeds = (Inbox.Web.Hubs.HubFeeds)_app.Services.GetService(typeof(Inbox.Web.Hubs.HubFeeds))!;
        await using (var hub = await HubClient.ConnectWithKeyAsync(_app, _supervisorKey))
        {
            Assert.DoesNotContain(_brand, feeds.Brands);
            var subscription = await hub.SubscribeInboxAsync(new { brandId = _brand });
            await hub.SubscribeConversationAsync(await StartAsync());
            Assert.Equal([_brand], feeds.Brands);
            Assert.True(await hub.UnsubscribeAsync(subscription));
            Assert.Equal([_brand], feeds.Brands); // the open thread still needs it
        }
        await Eventually.True(() => !feeds.Brands.Contains(_brand), "the brand's subscription ends with the last connection");
    }

    [Fact]
    public async Task ALivePageSlowToDrawHoldsUpNoHubConnectionOfTheSameBrand()
    {
        // The page joins the brand's feed first, so a draw done on the feed's thread would stand before the hub connection.
        var factory = (Inbox.Web.Components.Workspace.InboxLiveFactory)_app.Services.GetService(typeof(Inbox.Web.Components.Workspace.InboxLiveFactory))!;
        using var drawing = new ManualResetEventSlim();
        var drawn = 0;
        await using var page = factory.Open(Inbox.Silo.Access.Caller.Owner(), new System.Security.Claims.ClaimsPrincipal(), batch =>
        {
            drawing.Wait(TimeSpan.FromSeconds(30)); // a render: synchronous work on whatever thread delivers
            Interlocked.Add(ref drawn, batch.Count);
            return Task.CompletedTask;
        }, () => { });
        await page.WatchListAsync([_brand], new Inbox.Silo.Queries.ConversationFilter(_brand));
        await using var hub = await HubClient.ConnectWithKeyAsync(_app, _supervisorKey);
        await hub.SubscribeInboxAsync(new { brandId = _brand });

        await InboundAsync(SupportNumber, SupportCustomer, "one", "two");

        var id = await ConversationOfAsync(SupportCustomer);
        await Eventually.True(() => hub.Texts(id).Count == 2, "both messages reach the hub connection while the page is still drawing the first", 5_000);
        Assert.Equal(0, Volatile.Read(ref drawn));
        drawing.Set();
        await Eventually.True(() => Volatile.Read(ref drawn) > 0, "the page draws once it is free");
    }

    private async Task<string> StartAsync()
    {
        await InboundAsync(SupportNumber, SupportCustomer, "hello");
        return await ConversationOfAsync(SupportCustomer);
    }

    private async Task InboundAsync(string to, string from, params string[] texts)
    {
        foreach (var text in texts) await _owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(to, from, text, "SM-" + Guid.NewGuid().ToString("N")) });
    }

    private async Task<string> ConversationOfAsync(string customer) =>
        (await _owner.GetOkAsync($"/api/v1/conversations?brandId={_brand}&limit=100"))["items"]!.AsArray().Single(c => c.Str("contactAddress") == customer).Str("id");

    private async Task<(CookieContainer Cookies, string AgentId)> AgentAsync(string name, params string[] teams)
    {
        var email = $"{name}-{Guid.NewGuid():N}@contoso.test";
        var id = (await _owner.PostOkAsync("/api/v1/agents", new { name, email, password = Password, brandId = _brand, role = "Agent", teams })).Str("id");
        var cookies = new CookieContainer();
        var signIn = await _app.Client(cookies: cookies).PostAsJsonAsync("/account/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        return (cookies, id);
    }
}
