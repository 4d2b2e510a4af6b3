using System.Collections.Concurrent;
using Inbox.Connectors.Fakes.Messenger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>A webhook as the fake posts it: the exact bytes and the signature headers.</summary>
public sealed record PostedWebhook(byte[] Body, string? Signature, string? LegacySignature);

/// <summary>
/// The tests' fake Meta app: two Pages with tokens of their own, an app secret, and a webhook on the same server that
/// keeps what the fake posts to it (and answers 200, or what a test asks).
/// </summary>
public sealed class MessengerFakeHarness : IAsyncDisposable
{
    public const string Page = "110011223344556";
    public const string OtherPage = "220022334455667";
    public const string Token = "EAAGpage1token0000000000000000000000";
    public const string OtherToken = "EAAGpage2token0000000000000000000000";
    public const string AppSecret = "fake-meta-app-secret-for-tests";
    public const string AppId = "263902037430901";
    public const string Psid = "6543210987654321";

    private MessengerFakeHarness(MessengerFakeServer server, ConcurrentQueue<PostedWebhook> posted)
    {
        Server = server;
        Posted = posted;
    }

    public MessengerFakeServer Server { get; }

    public MessengerFake Fake => Server.Fake;

    public ConcurrentQueue<PostedWebhook> Posted { get; }

    /// <summary>The status the test webhook answers with.</summary>
    public int Answer { get; set; } = 200;

    public static async Task<MessengerFakeHarness> StartAsync(TimeProvider? time = null, Action<MessengerFakeOptions>? configure = null)
    {
        var options = new MessengerFakeOptions
        {
            Pages = new Dictionary<string, string> { [Page] = Token, [OtherPage] = OtherToken },
            AppId = AppId,
            AppSecret = AppSecret,
            CallbacksAfter = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        var posted = new ConcurrentQueue<PostedWebhook>();
        MessengerFakeHarness? harness = null;
        var server = await MessengerFakeServer.StartAsync(options, time, "", app => app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            posted.Enqueue(new PostedWebhook(buffer.ToArray(), context.Request.Headers["X-Hub-Signature-256"], context.Request.Headers["X-Hub-Signature"]));
            context.Response.StatusCode = harness?.Answer ?? 200;
        }));
        options.Webhook = new Uri(server.GraphBase, "hook");
        harness = new MessengerFakeHarness(server, posted);
        return harness;
    }

    public Uri Messages(string id = Page, string? token = Token, string version = "v23.0") =>
        new(Server.GraphBase, $"{version}/{id}/messages" + (token is null ? "" : "?access_token=" + Uri.EscapeDataString(token)));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
