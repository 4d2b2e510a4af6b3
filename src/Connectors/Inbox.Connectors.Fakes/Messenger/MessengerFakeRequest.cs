using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>A file sent as multipart <c>filedata</c>, beside the request's fields.</summary>
public sealed record MessengerFakeFile(byte[] Content, string ContentType, string? FileName);

/// <summary>One attachment as the Send API took it: by URL, by a saved attachment's id, or uploaded with the request.</summary>
public sealed record MessengerFakeAttachment(string Type, string? Url, string? AttachmentId, MessengerFakeFile? Upload, bool IsReusable);

/// <summary>
/// A Send API request as Meta validates it, parsed on its own from the fields as sent (a JSON body, or form fields
/// whose <c>recipient</c> and <c>message</c> are JSON), never through the sender's types, so a field the sender
/// misnames is missing here too. Either a message or a sender action.
/// </summary>
public sealed record MessengerFakeRequest(string Psid, string? MessagingType, string? Tag, string? Text, MessengerFakeAttachment? Attachment, string? SenderAction)
{
    public const int MaxText = 2000;

    public static readonly IReadOnlySet<string> MessagingTypes = new HashSet<string>(StringComparer.Ordinal) { "RESPONSE", "UPDATE", "MESSAGE_TAG" };

    public static readonly IReadOnlySet<string> Tags = new HashSet<string>(StringComparer.Ordinal)
    {
        "HUMAN_AGENT", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE",
    };

    public static readonly IReadOnlySet<string> SenderActions = new HashSet<string>(StringComparer.Ordinal) { "mark_seen", "typing_on", "typing_off" };

    private static readonly IReadOnlySet<string> AttachmentTypes = new HashSet<string>(StringComparer.Ordinal) { "image", "video", "audio", "file" };

    /// <summary>Whether the request counts against the Page's audio and video rate.</summary>
    public bool CarriesAudioOrVideo => Attachment?.Type is "audio" or "video";

    /// <summary>The fields of a form post (urlencoded or multipart) as the JSON object Meta reads them into.</summary>
    public static JsonObject FromForm(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var root = new JsonObject();
        foreach (var (name, value) in fields)
        {
            JsonNode? node = value;
            if (name is "recipient" or "message")
            {
                try { node = JsonNode.Parse(value) ?? value; }
                catch (JsonException) { node = value; }
            }
            root[name] = node;
        }
        return root;
    }

    /// <summary>The request, or Meta's refusal of it.</summary>
    public static (MessengerFakeRequest? Request, MessengerFakeError? Error) Parse(JsonObject root, MessengerFakeFile? file)
    {
        if (root["recipient"] is not JsonObject recipient) return Refused("The parameter recipient is required");
        if (Str(recipient, "id") is not { Length: > 0 } psid) return Refused("Param recipient[id] must be a valid ID string (e.g., \"123\")");
        var action = Str(root, "sender_action");
        var message = root["message"] as JsonObject;
        if (action is null && message is null) return Refused("Must send either message or state");
        if (action is not null && message is not null) return Refused("Cannot send both message and state at the same time");
        if (action is not null)
        {
            return SenderActions.Contains(action)
                ? (new MessengerFakeRequest(psid, Str(root, "messaging_type"), null, null, null, action), null)
                : Refused($"Param sender_action must be one of {{{string.Join(", ", SenderActions)}}} - got \"{action}\"");
        }

        var type = Str(root, "messaging_type");
        if (type is null) return Refused("The parameter messaging_type is required");
        if (!MessagingTypes.Contains(type)) return Refused($"Param messaging_type must be one of {{RESPONSE, UPDATE, MESSAGE_TAG}} - got \"{type}\"");
        var tag = Str(root, "tag");
        if (type == "MESSAGE_TAG" && tag is null) return Refused("The parameter tag is required when messaging_type is MESSAGE_TAG");
        if (tag is not null && !Tags.Contains(tag)) return Refused($"Param tag must be one of {{{string.Join(", ", Tags)}}} - got \"{tag}\"");

        var text = Str(message!, "text");
        var attachmentNode = message!["attachment"] as JsonObject;
        if (text is null && attachmentNode is null) return Refused("Message cannot be empty, must provide valid attachment or text");
        if (text is not null && attachmentNode is not null) return Refused("Only one of text or attachment may be given in a message");
        if (text is { Length: > MaxText }) return Refused($"Length of param message[text] must be less than or equal to {MaxText}");
        MessengerFakeAttachment? attachment = null;
        if (attachmentNode is not null)
        {
            var (read, error) = ReadAttachment(attachmentNode, file);
            if (error is not null) return (null, error);
            attachment = read;
        }
        return (new MessengerFakeRequest(psid, type, tag, text, attachment, null), null);
    }

    /// <summary>An attachment names exactly one source: a URL, a saved attachment's id, or the uploaded <c>filedata</c>.</summary>
    public static (MessengerFakeAttachment? Attachment, MessengerFakeError? Error) ReadAttachment(JsonObject attachment, MessengerFakeFile? file)
    {
        var type = Str(attachment, "type")?.ToLowerInvariant();
        if (type is null || !AttachmentTypes.Contains(type))
            return (null, MessengerFakeError.Param("Param message[attachment][type] must be one of {IMAGE, AUDIO, VIDEO, FILE, TEMPLATE}"));
        var payload = attachment["payload"] as JsonObject ?? [];
        var url = Str(payload, "url");
        var id = Str(payload, "attachment_id");
        var reusable = payload["is_reusable"] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
        var sources = (url is null ? 0 : 1) + (id is null ? 0 : 1) + (file is null ? 0 : 1);
        if (sources != 1) return (null, MessengerFakeError.Param("An attachment needs exactly one of payload.url, payload.attachment_id or filedata"));
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            return (null, MessengerFakeError.Param("Param message[attachment][payload][url] must be a valid URL"));
        return (new MessengerFakeAttachment(type, url, id, file, reusable), null);
    }

    private static (MessengerFakeRequest?, MessengerFakeError?) Refused(string message) => (null, MessengerFakeError.Param(message));

    /// <summary>A string, or a number written as one (Graph takes ids both ways).</summary>
    private static string? Str(JsonObject node, string name) => node[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };
}
