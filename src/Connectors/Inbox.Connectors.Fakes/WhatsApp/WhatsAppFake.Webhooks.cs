using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Connectors.Meta;
using Inbox.Silo.Channels;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>One webhook the fake posted and the app's answer to that attempt.</summary>
public sealed record WhatsAppFakeCallback(string Body, int Status, int Attempt);

/// <summary>
/// The fake's webhooks to the app, signed as Meta signs them (<c>X-Hub-Signature-256</c> over the exact bytes
/// sent): customers' messages on request, and sent, delivered and read for each message it accepted, one webhook
/// each, with duplicates and reordering on demand. A webhook the app does not answer 2xx is delivered again on
/// <see cref="WhatsAppFakeOptions.RedeliveryDelays"/>, as Meta retries for days.
/// </summary>
public sealed partial class WhatsAppFake : IChannelFake
{
    private static readonly string[] Ticks = ["accepted", "sent", "delivered", "read"];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<WhatsAppFakeCallback> _callbacks = [];
    private readonly Dictionary<string, byte[]> _posted = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Number, string WaId), string> _conversations = [];

    /// <summary>The app's WhatsApp webhook (its <c>/webhooks/whatsapp</c>); set once the app is up. Nothing is posted while it is null.</summary>
    public Uri? WebhookUrl { get; set; }

    public Channel Channel => Channel.WhatsApp;

    /// <summary>Every webhook attempt so far, in order.</summary>
    public IReadOnlyList<WhatsAppFakeCallback> Callbacks { get { lock (_gate) return [.. _callbacks]; } }

    public Task<FakeDelivery> SendAsCustomerAsync(string brandAddress, string customer, string text, CancellationToken cancellationToken) =>
        CustomerSendsAsync(brandAddress, customer, text, cancellationToken: cancellationToken).ContinueWith(t => t.Result.Delivery, TaskScheduler.Default);

    public IReadOnlyList<FakeOutbound> SentTo(string customer)
    {
        var waId = WhatsAppFakePayloads.Digits(customer);
        lock (_gate)
            return [.. _sent.Where(m => m.WaId == waId).Select(m => new FakeOutbound(m.Id, m.PhoneNumberId, m.WaId, m.Text, m.At, _status[m.Id]))];
    }

    /// <summary>
    /// A customer writes to the number: the window of that (number, user) pair opens, and the webhook goes to the
    /// app. Returns the message's <c>wamid</c> and the app's answer to the first attempt.
    /// </summary>
    public async Task<(string MessageId, FakeDelivery Delivery)> CustomerSendsAsync(string phoneNumberId, string customer, string text,
        string? name = null, CancellationToken cancellationToken = default)
    {
        var (number, waId, id, now) = Inbound(phoneNumberId, customer);
        var body = WhatsAppFakeJson.Bytes(WhatsAppFakePayloads.Text(number, waId, name, id, now, text));
        return (id, await PostAsync(body, id, cancellationToken));
    }

    /// <summary>A customer sends a file (<paramref name="type"/> image, video, audio or document): the fake keeps it, as Meta does, for the app to fetch by id.</summary>
    public async Task<(string MessageId, string MediaId, FakeDelivery Delivery)> CustomerSendsMediaAsync(string phoneNumberId, string customer, string type,
        byte[] content, string mimeType, string? caption = null, string? fileName = null, CancellationToken cancellationToken = default)
    {
        var (number, waId, id, now) = Inbound(phoneNumberId, customer);
        var media = Keep(phoneNumberId, content, mimeType, fileName);
        var body = WhatsAppFakeJson.Bytes(WhatsAppFakePayloads.Media(number, waId, null, id, now, type, media, caption));
        return (id, media.Id, await PostAsync(body, id, cancellationToken));
    }

    /// <summary>Posts an earlier webhook again, byte for byte, as Meta's at-least-once delivery does.</summary>
    public Task<FakeDelivery> RedeliverAsync(string messageId, CancellationToken cancellationToken = default)
    {
        byte[] body;
        lock (_gate) body = _posted[messageId];
        return PostAsync(body, null, cancellationToken);
    }

    private (WhatsAppFakeNumber Number, string WaId, string Id, DateTimeOffset Now) Inbound(string phoneNumberId, string customer)
    {
        var number = NumberOf(phoneNumberId);
        var waId = WhatsAppFakePayloads.Digits(customer);
        var now = Time.GetUtcNow();
        var id = NewMessageId(waId);
        lock (_gate)
        {
            _lastInbound[(phoneNumberId, waId)] = now;
            _received.Add((phoneNumberId, id));
        }
        return (number, waId, id, now);
    }

    /// <summary>The statuses of one accepted message, each after <see cref="WhatsAppFakeOptions.StatusDelay"/>, in the background.</summary>
    private void ReportStatuses(WhatsAppFakeMessage message)
    {
        var number = NumberOf(message.PhoneNumberId);
        string conversation;
        bool windowClosed;
        lock (_gate)
        {
            if (!_conversations.TryGetValue((number.PhoneNumberId, message.WaId), out conversation!))
                _conversations[(number.PhoneNumberId, message.WaId)] = conversation = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            windowClosed = _status[message.Id] != "accepted";
            if (windowClosed) _status[message.Id] = "accepted";
        }
        var steps = new List<(string Status, (int, string, string)? Error)>();
        if (Options.NotOnWhatsApp.Contains(message.WaId))
            steps.Add(("failed", (131026, "Message undeliverable", "The recipient's phone number is not a WhatsApp phone number.")));
        else if (windowClosed)
            steps.Add(("failed", (131047, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")));
        else
        {
            steps.Add(("sent", null));
            if (Options.ReportDelivered) steps.Add(("delivered", null));
            if (Options.ReportRead) steps.Add(("read", null));
        }
        if (Options.ReverseStatuses) steps.Reverse();
        _ = Task.Run(async () =>
        {
            foreach (var (status, error) in steps)
            {
                await Task.Delay(Options.StatusDelay, Time, _stopping.Token);
                lock (_gate)
                {
                    var current = _status[message.Id];
                    if (status == "failed") _status[message.Id] = $"failed: {error!.Value.Item3}";
                    else if (Array.IndexOf(Ticks, status) > Array.IndexOf(Ticks, current)) _status[message.Id] = status;
                }
                var body = WhatsAppFakeJson.Bytes(WhatsAppFakePayloads.Status(number, message.Id, status, Time.GetUtcNow(), message.WaId, conversation, error));
                await PostAsync(body, null, _stopping.Token);
                if (Options.DuplicateStatuses) await PostAsync(body, null, _stopping.Token);
            }
        });
    }

    /// <summary>Posts signed bytes and answers with the first attempt's result; redeliveries of a refused one run in the background.</summary>
    private async Task<FakeDelivery> PostAsync(byte[] body, string? messageId, CancellationToken cancellationToken)
    {
        if (messageId is not null) lock (_gate) _posted[messageId] = body;
        var first = await AttemptAsync(body, 1, cancellationToken);
        if (!first.Accepted && WebhookUrl is not null) _ = RedeliverInBackgroundAsync(body);
        return first;
    }

    private async Task RedeliverInBackgroundAsync(byte[] body)
    {
        try
        {
            for (var i = 0; i < Options.RedeliveryDelays.Count; i++)
            {
                await Task.Delay(Options.RedeliveryDelays[i], Time, _stopping.Token);
                if ((await AttemptAsync(body, i + 2, _stopping.Token)).Accepted) return;
            }
        }
        catch (OperationCanceledException) { } // the fake is being disposed
    }

    private async Task<FakeDelivery> AttemptAsync(byte[] body, int attempt, CancellationToken cancellationToken)
    {
        if (WebhookUrl is not { } url) return new FakeDelivery(0, "the fake has no webhook URL to post to");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation(MetaSignature.Header, MetaSignature.Sign(body, Encoding.UTF8.GetBytes(Options.AppSecret)));
        request.Headers.UserAgent.ParseAdd("facebookexternalua");
        FakeDelivery delivery;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            delivery = new FakeDelivery(status, status is >= 200 and < 300 ? null : await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException error)
        {
            delivery = new FakeDelivery(0, error.Message);
        }
        lock (_gate) _callbacks.Add(new WhatsAppFakeCallback(Encoding.ASCII.GetString(body), delivery.Status, attempt));
        return delivery;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _http.Dispose();
        _stopping.Dispose();
    }
}
