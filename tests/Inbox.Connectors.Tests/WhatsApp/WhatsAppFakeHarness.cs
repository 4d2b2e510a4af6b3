using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Inbox.Connectors.Fakes.WhatsApp;
using Inbox.Connectors.Meta;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inbox.Connectors.Tests.WhatsApp;

/// <summary>
/// The fake Cloud API on loopback with a webhook receiver of the test's own beside it, which keeps each body as
/// the bytes arrived and whether the app secret's signature holds over them.
/// </summary>
public sealed class WhatsAppFakeHarness : IAsyncDisposable
{
    public const string AppSecret = "fake-meta-app-secret-1f2e";
    public const string ContosoNumber = "106540352242922";
    public const string ContosoSecondNumber = "106540352242933";
    public const string FabrikamNumber = "208870011223344";
    public const string ContosoAccount = "102290129340398";
    public const string FabrikamAccount = "209990011223355";
    public const string ContosoToken = "EAAG-contoso-system-user-token-0001";
    public const string FabrikamToken = "EAAG-fabrikam-system-user-token-0002";
    public const string Customer = "14255550123";
    public const string OtherCustomer = "14255550177";

    private WhatsAppFakeHarness(WhatsAppFakeServer server, ConcurrentQueue<(byte[] Body, bool Signed)> hooks)
    {
        Server = server;
        Hooks = hooks;
    }

    public WhatsAppFakeServer Server { get; }

    public WhatsAppFake Fake => Server.Fake;

    public ConcurrentQueue<(byte[] Body, bool Signed)> Hooks { get; }

    public HttpClient Http { get; } = new();

    public static WhatsAppFakeOptions Options(Action<List<WhatsAppFakeTemplate>>? templates = null) => new()
    {
        AppSecret = AppSecret,
        Numbers =
        [
            new(ContosoNumber, "+1 555-078-3881", ContosoAccount, ContosoToken),
            new(ContosoSecondNumber, "+1 555-078-3882", ContosoAccount, ContosoToken),
            new(FabrikamNumber, "+1 555-078-3999", FabrikamAccount, FabrikamToken),
        ],
        Templates =
        [
            new(ContosoAccount, "order_update", "en_US", "Hi {{1}}, your order {{2}} ships today."),
            new(ContosoAccount, "order_update", "fr_FR", "Bonjour {{1}}, votre commande {{2}} part aujourd'hui."),
            new(ContosoAccount, "winback", "en_US", "We miss you!", Status: "REJECTED", Category: "MARKETING"),
            new(FabrikamAccount, "fabrikam_hello", "en_US", "Hello from Fabrikam"),
        ],
        StatusDelay = TimeSpan.FromMilliseconds(10),
    };

    public static async Task<WhatsAppFakeHarness> StartAsync(WhatsAppFakeOptions? options = null, TimeProvider? time = null)
    {
        var hooks = new ConcurrentQueue<(byte[], bool)>();
        var server = await WhatsAppFakeServer.StartAsync(options ?? Options(), time, more: app => app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var digest = MetaSignature.Digest(context.Request.Headers[MetaSignature.Header]);
            hooks.Enqueue((body, digest is not null && MetaSignature.Matches(body, digest, Encoding.UTF8.GetBytes(AppSecret))));
            return Results.Ok();
        }));
        server.Fake.WebhookUrl = new Uri(server.GraphBase, "/hook");
        return new WhatsAppFakeHarness(server, hooks);
    }

    public string Url(string path) => $"{Server.GraphBase.ToString().TrimEnd('/')}/v23.0/{path}";

    /// <summary>POSTs raw JSON as a hand-written client would, with the token given (none when null).</summary>
    public async Task<(int Status, string Body)> PostAsync(string path, string json, string? token = ContosoToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(int Status, string Body)> GetAsync(string url, string? token = ContosoToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string Text(string to, string body) =>
        $$$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{to}}}","type":"text","text":{"preview_url":false,"body":"{{{body}}}"}}""";

    /// <summary>Waits until the receiver holds at least <paramref name="count"/> webhooks.</summary>
    public async Task<(byte[] Body, bool Signed)[]> HooksAsync(int count, int timeoutMs = 5000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (Hooks.Count < count && DateTime.UtcNow < until) await Task.Delay(10);
        Assert.True(Hooks.Count >= count, $"expected {count} webhooks, got {Hooks.Count}");
        return [.. Hooks];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
