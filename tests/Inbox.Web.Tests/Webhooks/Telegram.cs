using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inbox.Web.Tests.Webhooks;

/// <summary>The bot the Telegram fixtures write to (7000000001, the id its token begins with), its account and number.</summary>
public static class Telegram
{
    public const string BotId = "7000000001";
    public const string BotToken = BotId + ":AAHfixture-bot-token-Qw3Er5Ty";
    public const string Secret = "telegram-webhook-secret_Xy7-Gh";

    public static string Path(string botId = BotId) => $"/webhooks/telegram/{botId}";

    /// <summary>A brand with the bot's number, and the bot's account holding its token and webhook secret.</summary>
    public static async Task<(string Brand, string Account)> BotAsync(InboxApp app, string secret = Secret)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "TelegramBot", name = "Contoso bot" })).Str("id");
        var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { botToken = BotToken, webhookSecretToken = secret });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Telegram", address = BotId, purpose = "Support", providerAccount = "sandbox" });
        return (brand, account);
    }

    /// <summary>Posts the exact bytes as Telegram does, with the secret header (none when null).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string? secret, string botId = BotId)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(botId)) { Content = content };
        if (secret is not null) request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", secret);
        return await client.SendAsync(request);
    }

    /// <summary>Posts with the right secret and returns each event's outcome.</summary>
    public static async Task<string[]> PostRightAsync(HttpClient client, byte[] body)
    {
        var response = await PostAsync(client, body, Secret);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["results"]!.AsArray().Select(r => r!.Str("outcome")).ToArray();
    }

    public static byte[] Fixture(string name) => Meta.Fixture(System.IO.Path.Combine("Telegram", name));
}

/// <summary>
/// A Bot API server on loopback, as faithful as the webhook registration needs: /bot&lt;token&gt;/&lt;method&gt;, case-insensitive,
/// parameters as JSON, a form or the query; the envelope always; 401 for a token it does not know, 404 for a method it
/// does not have; setWebhook refuses a URL that is not https or whose host does not resolve (any *.invalid), as Telegram does. Every call is recorded.
/// </summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTelegram(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.Single();

    public ConcurrentQueue<(string Method, JsonObject Parameters)> Calls { get; } = new();

    public static async Task<FakeTelegram> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTelegram(app);
        app.Map("/{bot}/{method}", async (string bot, string method, HttpRequest request) =>
        {
            if (!bot.StartsWith("bot", StringComparison.OrdinalIgnoreCase)) return Envelope(404, "Not Found");
            if (bot[3..] != tokenKnown()) return Envelope(401, "Unauthorized");
            var parameters = new JsonObject();
            foreach (var (key, value) in request.Query) parameters[key] = value.ToString();
            if (request.HasJsonContentType()) foreach (var (key, value) in (await JsonNode.ParseAsync(request.Body))!.AsObject()) parameters[key] = value?.DeepClone();
            else if (request.HasFormContentType) foreach (var (key, value) in await request.ReadFormAsync()) parameters[key] = value.ToString();
            switch (method.ToLowerInvariant())
            {
                case "setwebhook":
                    fake.Calls.Enqueue(("setWebhook", parameters));
                    if (parameters["url"]?.GetValue<string>() is not { } url || !url.StartsWith("https://", StringComparison.Ordinal))
                        return Envelope(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
                    return new Uri(url).Host.EndsWith(".invalid", StringComparison.Ordinal)
                        ? Envelope(400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known")
                        : Ok("Webhook was set");
                case "deletewebhook":
                    fake.Calls.Enqueue(("deleteWebhook", parameters));
                    return Ok("Webhook was deleted");
                default:
                    return Envelope(404, "Not Found: method not found");
            }
        });
        app.MapFallback((HttpRequest request) =>
        {
            fake.Calls.Enqueue(("unrouted " + request.Method + " " + request.Path, new JsonObject()));
            return Envelope(404, "Not Found");
        });
        string tokenKnown() => token;
        await app.StartAsync();
        return fake;
    }

    private static IResult Ok(string description) =>
        Results.Text(new JsonObject { ["ok"] = true, ["result"] = true, ["description"] = description }.ToJsonString(), "application/json");

    private static IResult Envelope(int code, string description) =>
        Results.Text(new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description }.ToJsonString(), "application/json", statusCode: code);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
