using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.WhatsApp;

/// <summary>
/// The WhatsApp Cloud API's messages webhook, read into normalized events. Every entry (business
/// account), change and message or status is its own event, routed on the change's
/// <c>metadata.phone_number_id</c>, so one payload may reach numbers of several brands.
/// </summary>
public static class WhatsAppWebhook
{
    /// <summary>Reads a signed body; throws <see cref="MalformedPayloadException"/> when it is not a Meta webhook at all.</summary>
    public static MetaPayload Parse(ReadOnlyMemory<byte> body)
    {
        using var document = MetaJson.Parse(body);
        var events = new List<InboundEvent>();
        var ignored = new List<string>();
        var root = document.RootElement;
        var entries = MetaJson.Entries(root);
        if (root.Str("object") is { } kind && kind != "whatsapp_business_account")
        {
            ignored.Add($"object '{kind}'");
            return new MetaPayload(events, ignored);
        }
        foreach (var entry in entries.EnumerateArray())
        {
            foreach (var change in entry.Items("changes"))
            {
                if (change.Str("field") != "messages" || change.Obj("value") is not { } value)
                {
                    ignored.Add($"change field '{change.Str("field")}'");
                    continue;
                }
                ReadChange(value, events, ignored);
            }
        }
        return new MetaPayload(events, ignored);
    }

    private static void ReadChange(JsonElement value, List<InboundEvent> events, List<string> ignored)
    {
        var number = value.Obj("metadata").Str("phone_number_id");
        if (number is null)
        {
            ignored.Add("a change without metadata.phone_number_id");
            return;
        }
        var names = value.Items("contacts")
            .Where(c => c.Str("wa_id") is not null)
            .GroupBy(c => c.Str("wa_id")!)
            .ToDictionary(g => g.Key, g => g.First().Obj("profile").Str("name"));
        foreach (var message in value.Items("messages"))
        {
            if (WhatsAppMessages.Read(number, message, names) is { } inbound) events.Add(inbound);
            else ignored.Add($"message type '{message.Str("type")}'");
        }
        foreach (var status in value.Items("statuses"))
        {
            if (ReadStatus(number, status) is { } inbound) events.Add(inbound);
            else ignored.Add($"status '{status.Str("status")}'");
        }
        foreach (var error in value.Items("errors")) ignored.Add($"error {error.Str("code")} for the number: {error.Str("title")}");
    }

    /// <summary>
    /// A status is keyed by message id and status, so sent, delivered and read of one message are three
    /// events and a redelivery of any is a duplicate; the silo keeps the status monotonic.
    /// </summary>
    private static InboundEvent? ReadStatus(string number, JsonElement status)
    {
        DeliveryStatus? parsed = status.Str("status") switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" or "played" => DeliveryStatus.Read,
            "failed" => DeliveryStatus.Failed,
            _ => null,
        };
        if (parsed is null || status.Str("id") is not { } id) return null;
        var error = status.Items("errors").Cast<JsonElement?>().FirstOrDefault();
        return new InboundEvent
        {
            Kind = InboundKind.Status,
            Channel = Channel.WhatsApp,
            NumberAddress = number,
            SenderAddress = status.Str("recipient_id") ?? "",
            DedupeKey = $"{id}:{status.Str("status")}",
            ProviderMessageId = id,
            ProviderTimestamp = WhatsAppMessages.Time(status),
            Status = parsed,
            ErrorCode = error.Str("code"),
            ErrorReason = error is { } e ? e.Obj("error_data").Str("details").NullIfEmpty() ?? e.Str("message").NullIfEmpty() ?? e.Str("title") : null,
        };
    }
}
