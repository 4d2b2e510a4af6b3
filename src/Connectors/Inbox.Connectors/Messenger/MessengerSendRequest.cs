using System.Text.Json.Nodes;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Messenger;

/// <summary>
/// The Send API requests of one outbound message, as pure functions: the messaging type, and one request per part,
/// since a Messenger message is either a text or one attachment.
/// </summary>
public static class MessengerSendRequest
{
    public static readonly TimeSpan StandardWindow = TimeSpan.FromHours(24);

    /// <summary>How near the end of the standard window a human agent's reply is tagged anyway, so it cannot arrive a moment too late.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// RESPONSE, the send rules having checked the standard window; a human agent's reply (the agent chose it, the send
    /// rules allowed its 7 days) is <c>MESSAGE_TAG</c> + <c>HUMAN_AGENT</c> unless it is surely inside the 24 hours anyway,
    /// where the tag is not needed and not used.
    /// </summary>
    public static (string Type, string? Tag) MessagingType(OutboundMessage message, DateTimeOffset now) =>
        message.HumanAgentTag && !(message.LastInboundAt is { } last && now - last < StandardWindow - Margin)
            ? ("MESSAGE_TAG", "HUMAN_AGENT")
            : ("RESPONSE", null);

    /// <summary>One part: a text, or an attachment by URL or to upload.</summary>
    public abstract record Part
    {
        private Part() { }

        public sealed record Text(string Value) : Part;

        public sealed record Link(string Type, string Url) : Part;

        public sealed record Upload(string Type, string UploadId) : Part;
    }

    /// <summary>
    /// The parts in the order they go: each attachment (followed by its caption, if it has one), then the text, which
    /// reads as the message under what it shows. Null with the reason when a media reference is neither a link nor an upload.
    /// </summary>
    public static (IReadOnlyList<Part>? Parts, string? Problem) Parts(OutboundMessage message)
    {
        var parts = new List<Part>();
        foreach (var media in message.Media)
        {
            var type = AttachmentType(media.Type);
            if (Silo.Media.IOutboundMedia.UploadId(media.ProviderMediaId) is { } upload) parts.Add(new Part.Upload(type, upload));
            else if (Uri.TryCreate(media.ProviderMediaId, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps) parts.Add(new Part.Link(type, url.ToString()));
            else return (null, $"The media '{media.ProviderMediaId}' is neither an https link nor an upload ({Silo.Media.IOutboundMedia.Scheme}id)");
            if (!string.IsNullOrWhiteSpace(media.Caption)) parts.Add(new Part.Text(media.Caption));
        }
        if (!string.IsNullOrWhiteSpace(message.Text)) parts.Add(new Part.Text(message.Text));
        return parts.Count == 0 ? (null, "A Messenger message needs text or an attachment") : (parts, null);
    }

    /// <summary>Messenger's four attachment types; a sticker is an image, a voice note audio, anything else a file.</summary>
    public static string AttachmentType(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "image" or "sticker" => "image",
        "video" => "video",
        "audio" or "voice" => "audio",
        _ => "file",
    };

    /// <summary>The JSON body of a text or a linked attachment.</summary>
    public static JsonObject Body(string psid, (string Type, string? Tag) messaging, Part part)
    {
        var body = Envelope(psid, messaging);
        body["message"] = part switch
        {
            Part.Text text => new JsonObject { ["text"] = text.Value },
            Part.Link link => Attachment(link.Type, new JsonObject { ["url"] = link.Url }),
            _ => throw new ArgumentException("An upload goes as multipart form fields (UploadFields), not as JSON.", nameof(part)),
        };
        return body;
    }

    /// <summary>The form fields of an uploaded attachment's request, beside its <c>filedata</c>: the objects as JSON strings, as Graph reads forms.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> UploadFields(string psid, (string Type, string? Tag) messaging, string attachmentType)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("recipient", new JsonObject { ["id"] = psid }.ToJsonString()),
            new("messaging_type", messaging.Type),
        };
        if (messaging.Tag is { } tag) fields.Add(new("tag", tag));
        fields.Add(new("message", Attachment(attachmentType, new JsonObject { ["is_reusable"] = false }).ToJsonString()));
        return fields;
    }

    /// <summary>A sender action (mark_seen, typing_on), which takes no messaging type and carries no message.</summary>
    public static JsonObject Action(string psid, string action) => new()
    {
        ["recipient"] = new JsonObject { ["id"] = psid },
        ["sender_action"] = action,
    };

    private static JsonObject Envelope(string psid, (string Type, string? Tag) messaging)
    {
        var body = new JsonObject { ["recipient"] = new JsonObject { ["id"] = psid }, ["messaging_type"] = messaging.Type };
        if (messaging.Tag is { } tag) body["tag"] = tag;
        return body;
    }

    private static JsonObject Attachment(string type, JsonObject payload) =>
        new() { ["attachment"] = new JsonObject { ["type"] = type, ["payload"] = payload } };
}
