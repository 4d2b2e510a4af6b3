using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Messenger;

/// <summary>A <c>messaging[].message</c>: text, attachments, a quick reply, a reply in context, or an echo of the Page's own.</summary>
internal static class MessengerMessages
{
    public static InboundEvent? Message(InboundEvent inbound, JsonElement message, bool echo)
    {
        if (message.Str("mid") is not { } mid) return null;
        var attachments = message.Items("attachments").ToArray();
        var media = attachments.Select(Media).OfType<MediaRef>().ToArray();
        var location = attachments.Select(Location).OfType<SharedLocation>().FirstOrDefault();
        var read = inbound with
        {
            Kind = echo ? InboundKind.Echo : InboundKind.Message,
            DedupeKey = mid,
            ProviderMessageId = mid,
            Text = message.Str("text"),
            Media = media.Length > 0 ? media : null,
            Location = location,
            ReplyToProviderMessageId = message.Obj("reply_to").Str("mid"),
        };
        if (!echo && message.Obj("quick_reply").Str("payload") is { } payload)
            read = read with { Kind = InboundKind.Action, ActionPayload = payload };
        return read.Text is null && read.Media is null && read.Location is null ? null : read;
    }

    /// <summary>Messenger gives a URL, not an id; it is the media reference the proxy fetches. "file" is a document.</summary>
    private static MediaRef? Media(JsonElement attachment)
    {
        var type = attachment.Str("type");
        var payload = attachment.Obj("payload");
        if (payload.Str("url") is not { } url) return null;
        return type switch
        {
            "image" => new MediaRef(payload.Str("sticker_id") is null ? "image" : "sticker", url),
            "video" or "audio" => new MediaRef(type, url),
            "file" => new MediaRef("document", url, FileName: attachment.Str("name") ?? payload.Str("name")),
            _ => null,
        };
    }

    private static SharedLocation? Location(JsonElement attachment)
    {
        if (attachment.Str("type") != "location" || attachment.Obj("payload")?.Obj("coordinates") is not { } at) return null;
        return at.Double("lat") is { } lat && at.Double("long") is { } lng
            ? new SharedLocation(lat, lng, attachment.Str("title"), null, attachment.Str("url"))
            : null;
    }
}
