using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Messenger;

/// <summary>
/// The Messenger Platform's page webhook, read into normalized events. Each entry is one Page (the
/// number the events route to) and each <c>messaging</c> item one event: a message, an echo of the
/// Page's own message, a postback, a reaction, an edit, delivery and read watermarks.
/// </summary>
public static class MessengerWebhook
{
    /// <summary>
    /// Reads a signed body; throws <see cref="MalformedPayloadException"/> when it is not a Meta webhook at all.
    /// An echo whose <c>app_id</c> is <paramref name="ownAppId"/> (the app that signed it) is of a message Inbox
    /// sent itself and already keeps, so it is reported as ignored; echoes of any other app (the Page Inbox,
    /// another tool) are the brand's messages sent from outside Inbox.
    /// </summary>
    public static MetaPayload Parse(ReadOnlyMemory<byte> body, string? ownAppId = null)
    {
        using var document = MetaJson.Parse(body);
        var events = new List<InboundEvent>();
        var ignored = new List<string>();
        var root = document.RootElement;
        var entries = MetaJson.Entries(root);
        if (root.Str("object") is { } kind && kind != "page")
        {
            ignored.Add($"object '{kind}'");
            return new MetaPayload(events, ignored);
        }
        foreach (var entry in entries.EnumerateArray())
        {
            var page = entry.Str("id");
            foreach (var item in entry.Items("messaging"))
            {
                if (ownAppId is not null && item.Obj("message") is { } own && own.Bool("is_echo") && own.Str("app_id") == ownAppId)
                {
                    ignored.Add($"echo of Inbox's own message {own.Str("mid")}");
                    continue;
                }
                var read = page is null ? [] : Read(page, item);
                if (read.Count == 0) ignored.Add($"messaging item with {string.Join(", ", Names(item))}");
                events.AddRange(read);
            }
            if (entry.Items("standby").Any()) ignored.Add("standby items (another app holds the thread)");
        }
        return new MetaPayload(events, ignored);
    }

    private static IEnumerable<string> Names(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object ? item.EnumerateObject().Select(p => p.Name).Where(n => n is not ("sender" or "recipient" or "timestamp")) : ["no fields"];

    private static IReadOnlyList<InboundEvent> Read(string page, JsonElement item)
    {
        var sender = item.Obj("sender").Str("id");
        var recipient = item.Obj("recipient").Str("id");
        if (sender is null || recipient is null) return [];
        var at = item.Long("timestamp") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch;
        // An echo is the Page's own message: the sender is the Page and the customer is the recipient.
        var echo = item.Obj("message") is { } m && m.Bool("is_echo");
        var customer = echo || sender == page ? recipient : sender;
        var inbound = new InboundEvent
        {
            Kind = InboundKind.Message, Channel = Channel.Messenger, NumberAddress = page, SenderAddress = customer,
            DedupeKey = "", ProviderTimestamp = at,
        };
        if (item.Obj("message") is { } message) return One(MessengerMessages.Message(inbound, message, echo));
        if (item.Obj("postback") is { } postback)
        {
            return One(inbound with
            {
                Kind = InboundKind.Action,
                DedupeKey = postback.Str("mid") ?? $"postback:{customer}:{item.Str("timestamp")}",
                ProviderMessageId = postback.Str("mid"),
                ActionPayload = postback.Str("payload"),
                Text = postback.Str("title"),
            });
        }
        if (item.Obj("reaction") is { } reaction && reaction.Str("mid") is { } reacted)
        {
            return One(inbound with
            {
                Kind = InboundKind.Reaction,
                DedupeKey = $"reaction:{reacted}:{customer}:{item.Str("timestamp")}",
                ProviderMessageId = reacted,
                Reaction = reaction.Str("action") == "unreact" ? "" : reaction.Str("emoji") ?? reaction.Str("reaction") ?? "",
            });
        }
        if (item.Obj("message_edit") is { } edit && edit.Str("mid") is { } edited)
        {
            return One(inbound with
            {
                Kind = InboundKind.Edit, DedupeKey = $"edit:{edited}:{edit.Str("num_edit")}", ProviderMessageId = edited, Text = edit.Str("text"),
            });
        }
        if (item.Obj("read") is { } read && read.Long("watermark") is { } watermark)
        {
            return One(inbound with
            {
                Kind = InboundKind.ReadUpTo, DedupeKey = $"read:{customer}:{watermark}", ProviderTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(watermark),
            });
        }
        if (item.Obj("delivery") is { } delivery)
        {
            // Delivery names the messages it covers when it can; a watermark alone says too little to mark one.
            return delivery.Items("mids").Select(mid => mid.GetString()).OfType<string>().Select(mid => inbound with
            {
                Kind = InboundKind.Status, DedupeKey = $"{mid}:delivered", ProviderMessageId = mid, Status = DeliveryStatus.Delivered,
            }).ToArray();
        }
        return [];
    }

    private static IReadOnlyList<InboundEvent> One(InboundEvent? inbound) => inbound is null ? [] : [inbound];
}
