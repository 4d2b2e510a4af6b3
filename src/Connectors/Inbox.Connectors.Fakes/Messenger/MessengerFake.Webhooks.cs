using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Connectors.Meta;

namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// The calls back to the app, as Meta makes them for a Page subscribed to messages, message_deliveries, message_reads
/// and message_echoes: a <c>page</c> object whose entry is the Page and whose <c>messaging</c> item is one event,
/// written as Meta writes JSON and signed over those bytes with the app secret (<c>X-Hub-Signature-256</c>, and the
/// legacy SHA-1 <c>X-Hub-Signature</c> beside it).
/// </summary>
public sealed partial class MessengerFake
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly List<MessengerFakeCallback> _callbacks = [];
    private readonly List<Task> _reporting = [];
    private readonly Dictionary<string, int> _straightFailures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsubscribed = new(StringComparer.Ordinal);

    /// <summary>Whether the app still receives the Page's webhooks (see <see cref="MessengerFakeOptions.UnsubscribeAfterFailures"/>).</summary>
    public bool Subscribed(string pageId)
    {
        lock (_gate) return !_unsubscribed.Contains(pageId);
    }

    /// <summary>The Page subscribes the app again (<c>POST /{page-id}/subscribed_apps</c> at Meta), its failure count from zero.</summary>
    public void Resubscribe(string pageId)
    {
        lock (_gate)
        {
            _unsubscribed.Remove(pageId);
            _straightFailures.Remove(pageId);
        }
    }

    /// <summary>Every webhook posted so far, with the app's answer.</summary>
    public IReadOnlyList<MessengerFakeCallback> Callbacks { get { lock (_gate) return [.. _callbacks]; } }

    public Task<FakeDelivery> SendAsCustomerAsync(string brandAddress, string customer, string text, CancellationToken cancellationToken) =>
        CustomerWritesAsync(brandAddress, customer, text, null, cancellationToken);

    /// <summary>The person writes to the Page (text, attachments by the CDN URLs Meta would give): their window opens and the app is told.</summary>
    public Task<FakeDelivery> CustomerWritesAsync(string pageId, string psid, string? text, IReadOnlyList<(string Type, Uri Url)>? attachments = null,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        CustomerWroteAt(pageId, psid, now);
        var message = new JsonObject { ["mid"] = NewMid() };
        if (text is not null) message["text"] = text;
        if (attachments is { Count: > 0 })
            message["attachments"] = new JsonArray([.. attachments.Select(a => (JsonNode)new JsonObject { ["type"] = a.Type, ["payload"] = new JsonObject { ["url"] = a.Url.ToString() } })]);
        return PostAsync("message", Payload(pageId, Item(psid, pageId, now, "message", message)), cancellationToken);
    }

    /// <summary>Someone at the brand types a reply in Meta's Page Inbox: Meta echoes it under the Page Inbox's app, not ours.</summary>
    public Task<FakeDelivery> PageInboxRepliesAsync(string pageId, string psid, string text, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var echo = new JsonObject { ["is_echo"] = true, ["app_id"] = long.Parse(options.PageInboxAppId, System.Globalization.CultureInfo.InvariantCulture), ["mid"] = NewMid(), ["text"] = text };
        return PostAsync("echo", Payload(pageId, Item(pageId, psid, now, "message", echo)), cancellationToken);
    }

    /// <summary>Posts exactly these bytes again, as Meta redelivers a webhook it thinks failed.</summary>
    public Task<FakeDelivery> RedeliverAsync(MessengerFakeCallback callback, CancellationToken cancellationToken = default) =>
        PostBytesAsync(callback.Kind, callback.Body, cancellationToken);

    /// <summary>Waits until every callback of the sends so far has been posted and answered.</summary>
    public Task ReportedAsync()
    {
        lock (_gate) return Task.WhenAll([.. _reporting]);
    }

    /// <summary>After the Send API's answer went out: the echo, the delivery and the read of an accepted message, as configured.</summary>
    public void Report(string mid)
    {
        lock (_gate) _reporting.Add(Task.Run(() => ReportAsync(mid)));
    }

    private async Task ReportAsync(string mid)
    {
        MessengerFakeMessage? message;
        lock (_gate) message = _sent.FirstOrDefault(m => m.Mid == mid);
        if (message is null) return;
        await Task.Delay(options.CallbacksAfter);
        var steps = new List<Func<Task>>();
        if (options.Echo) steps.Add(() => PostAsync("echo", Echo(message), CancellationToken.None));
        if (options.Deliver) steps.Add(() => Tick(message, "delivered", Delivery(message)));
        if (options.Read) steps.Add(() => Tick(message, "read", Read(message)));
        if (options.ReverseCallbacks) steps.Reverse();
        foreach (var step in steps) await step();
    }

    private async Task Tick(MessengerFakeMessage message, string status, byte[] body)
    {
        if ((await PostAsync(status == "read" ? "read" : "delivery", body, CancellationToken.None)).Accepted) Update(message.Mid, status);
    }

    private byte[] Echo(MessengerFakeMessage m)
    {
        var echo = new JsonObject { ["is_echo"] = true, ["app_id"] = long.Parse(options.AppId, System.Globalization.CultureInfo.InvariantCulture), ["mid"] = m.Mid };
        if (m.Text is not null) echo["text"] = m.Text;
        if (m.Attachment is { } a) echo["attachments"] = new JsonArray(new JsonObject { ["type"] = a.Type, ["payload"] = new JsonObject { ["url"] = a.Url ?? $"https://cdn.fbsbx.com/v/{a.AttachmentId ?? "upload"}" } });
        return Payload(m.PageId, Item(m.PageId, m.Psid, time.GetUtcNow(), "message", echo));
    }

    private byte[] Delivery(MessengerFakeMessage m)
    {
        var delivery = new JsonObject();
        if (!options.OmitDeliveryMids) delivery["mids"] = new JsonArray(m.Mid);
        delivery["watermark"] = time.GetUtcNow().ToUnixTimeMilliseconds();
        return Payload(m.PageId, Item(m.Psid, m.PageId, time.GetUtcNow(), "delivery", delivery));
    }

    private byte[] Read(MessengerFakeMessage m) =>
        Payload(m.PageId, Item(m.Psid, m.PageId, time.GetUtcNow(), "read", new JsonObject { ["watermark"] = time.GetUtcNow().ToUnixTimeMilliseconds() }));

    /// <summary>One <c>messaging</c> item: sender, recipient, timestamp, and the event under its field name.</summary>
    public static JsonObject Item(string sender, string recipient, DateTimeOffset at, string field, JsonNode value) => new()
    {
        ["sender"] = new JsonObject { ["id"] = sender },
        ["recipient"] = new JsonObject { ["id"] = recipient },
        ["timestamp"] = at.ToUnixTimeMilliseconds(),
        [field] = value,
    };

    /// <summary>The <c>page</c> object with one entry for the Page, its items in the order given (a test may reorder them).</summary>
    public byte[] Payload(string pageId, params JsonObject[] items) => AsciiJson.Bytes(new JsonObject
    {
        ["object"] = "page",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = pageId, ["time"] = time.GetUtcNow().ToUnixTimeMilliseconds(), ["messaging"] = new JsonArray([.. items]),
        }),
    });

    private async Task<FakeDelivery> PostAsync(string kind, byte[] body, CancellationToken cancellationToken)
    {
        var first = await PostBytesAsync(kind, body, cancellationToken);
        if (options.DuplicateCallbacks) await PostBytesAsync(kind, body, cancellationToken);
        return first;
    }

    /// <summary>Posts signed bytes to the app's webhook and records its answer; a webhook that cannot be reached is status 0.</summary>
    public async Task<FakeDelivery> PostBytesAsync(string kind, byte[] body, CancellationToken cancellationToken = default)
    {
        if (options.Webhook is not { } webhook || options.AppSecret is not { } secret)
            throw new InvalidOperationException("The fake Meta app has no webhook and app secret to call back with.");
        var page = JsonNode.Parse(body)?["entry"]?[0]?["id"]?.GetValue<string>() ?? "";
        if (!Subscribed(page)) return new FakeDelivery(0, $"The app is unsubscribed from Page {page} after repeated webhook failures; nothing was posted.");
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(MetaSignature.Header, MetaSignature.Sign(body, Encoding.UTF8.GetBytes(secret)));
        request.Headers.TryAddWithoutValidation("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body)));
        FakeDelivery delivery;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            delivery = new FakeDelivery((int)response.StatusCode, response.IsSuccessStatusCode ? null : answer);
            lock (_gate) _callbacks.Add(new MessengerFakeCallback(kind, body, delivery.Status, answer));
        }
        catch (HttpRequestException error)
        {
            delivery = new FakeDelivery(0, error.Message);
            lock (_gate) _callbacks.Add(new MessengerFakeCallback(kind, body, 0, error.Message));
        }
        Count(page, delivery.Accepted);
        return delivery;
    }

    private void Count(string page, bool accepted)
    {
        lock (_gate)
        {
            var failures = accepted ? 0 : _straightFailures.GetValueOrDefault(page) + 1;
            _straightFailures[page] = failures;
            if (options.UnsubscribeAfterFailures is { } limit && failures >= limit) _unsubscribed.Add(page);
        }
    }

    public void Dispose() => _http.Dispose();
}
