using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Web.Tests.Hub;

/// <summary>A real SignalR client of /hubs/inbox that records every event it is sent, in arrival order.</summary>
public sealed class HubClient : IAsyncDisposable
{
    public static readonly string[] Methods = ["messageAdded", "messageStatusChanged", "messageReactionsChanged", "conversationUpdated", "conversationRemoved", "agentPresenceChanged"];

    private readonly ConcurrentQueue<(string Method, JsonElement Payload)> _heard = new();

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in Methods) connection.On<JsonElement>(method, payload => _heard.Enqueue((method, payload)));
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<(string Method, JsonElement Payload)> Heard => _heard.ToArray();

    /// <summary>What it heard about one conversation, in order.</summary>
    public IReadOnlyList<(string Method, JsonElement Payload)> Of(string conversationId) =>
        Heard.Where(h => h.Payload.TryGetProperty("conversationId", out var id) && id.GetString() == conversationId).ToList();

    public IReadOnlyList<string> Texts(string conversationId) =>
        Of(conversationId).Where(h => h.Method == "messageAdded").Select(h => h.Payload.GetProperty("message").GetProperty("text").GetString()!).ToList();

    /// <summary>Connects with the sign-in cookies in <paramref name="cookies"/>, or with a hub ticket.</summary>
    public static async Task<HubClient> ConnectAsync(string baseUrl, CookieContainer? cookies = null, string? ticket = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/inbox", o =>
            {
                if (cookies is not null) o.Cookies = cookies;
                if (ticket is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(ticket);
            })
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>A ticket for <paramref name="apiKey"/>, then a connection with it.</summary>
    public static async Task<HubClient> ConnectWithKeyAsync(InboxApp app, string apiKey) =>
        await ConnectAsync(app.BaseUrl, ticket: (await app.Client(apiKey).PostOkAsync("/api/v1/hub/tickets", new { })).Str("ticket"));

    public Task<string> SubscribeInboxAsync(object view) => Connection.InvokeAsync<string>("SubscribeInbox", view);

    public Task<string> SubscribeConversationAsync(string conversationId) => Connection.InvokeAsync<string>("SubscribeConversation", conversationId);

    public Task<bool> UnsubscribeAsync(string subscriptionId) => Connection.InvokeAsync<bool>("Unsubscribe", subscriptionId);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
