using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Web.Tests.Hub;

/// <summary>A hub connection lives only as long as what opened it: the agent's session, the agent themselves, the key behind the ticket.</summary>
public sealed class HubLifetimeTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    // Checked every 200 ms here (15 s by default), so an ended session shows quickly.
    private readonly InboxApp _app = new(settings: new Dictionary<string, string?> { ["Inbox:Sessions:CircuitCheckEvery"] = "00:00:00.200" });
    private HttpClient _owner = null!;
    private string _brand = null!;

    public async Task InitializeAsync()
    {
        _owner = _app.Client(InboxApp.OwnerKey);
        _brand = (await _owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RevokingTheKeyClosesTheConnectionItsTicketOpened()
    {
        var key = await _owner.PostOkAsync($"/api/v1/brands/{_brand}/api-keys", new { name = "mobile", role = "Supervisor" });
        await using var hub = await HubClient.ConnectWithKeyAsync(_app, key.Str("key"));
        await hub.SubscribeInboxAsync(new { });
        await Task.Delay(600); // three checks: a live key keeps its connection
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);

        Assert.Equal(HttpStatusCode.NoContent, (await _owner.DeleteAsync($"/api/v1/brands/{_brand}/api-keys/{key.Str("id")}")).StatusCode);

        await Eventually.True(() => hub.Connection.State == HubConnectionState.Disconnected, "the connection is closed");
    }

    [Fact]
    public async Task SigningOutEverywhereClosesTheAgentsConnection()
    {
        var (cookies, _) = await AgentAsync();
        await using var hub = await HubClient.ConnectAsync(_app.BaseUrl, cookies);
        await hub.SubscribeInboxAsync(new { });

        Assert.Equal(HttpStatusCode.NoContent, (await _app.Client(cookies: cookies).DeleteAsync("/api/v1/me/sessions")).StatusCode);

        await Eventually.True(() => hub.Connection.State == HubConnectionState.Disconnected, "the connection is closed");
    }

    [Fact]
    public async Task DisablingTheAgentClosesTheirConnection()
    {
        var (cookies, agent) = await AgentAsync();
        await using var hub = await HubClient.ConnectAsync(_app.BaseUrl, cookies);
        await hub.SubscribeInboxAsync(new { });

        await _owner.PostOkAsync($"/api/v1/agents/{agent}/disable", new { });

        await Eventually.True(() => hub.Connection.State == HubConnectionState.Disconnected, "the connection is closed");
    }

    private async Task<(CookieContainer Cookies, string AgentId)> AgentAsync()
    {
        var email = $"ann-{Guid.NewGuid():N}@contoso.test";
        var id = (await _owner.PostOkAsync("/api/v1/agents", new { name = "Ann", email, password = Password, brandId = _brand, role = "Agent" })).Str("id");
        var cookies = new CookieContainer();
        Assert.Equal(HttpStatusCode.NoContent, (await _app.Client(cookies: cookies).PostAsJsonAsync("/account/login", new { email, password = Password })).StatusCode);
        return (cookies, id);
    }
}
