using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// A <c>/messages</c> body as the Cloud API validates it, parsed on its own from the raw JSON (not through the
/// sender's types, so a field the sender misnames is missing here too).
/// </summary>
public abstract partial record WhatsAppFakeRequest
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;

    private static readonly string[] MediaTypes = ["image", "video", "audio", "document", "sticker"];

    private WhatsAppFakeRequest() { }

    /// <summary><c>status: read</c> for a message the business received.</summary>
    public sealed record MarkRead(string MessageId) : WhatsAppFakeRequest;

    /// <summary>A message to a user; exactly one of the text, media or template is set, as <see cref="Type"/> says.</summary>
    public sealed record Message(string To, string Type, string? Text, string? ReplyTo, WhatsAppFakeMediaUse? Media, WhatsAppFakeTemplateUse? Template)
        : WhatsAppFakeRequest
    {
        /// <summary>The recipient as WhatsApp knows them: digits only.</summary>
        public string WaId => new(To.Where(char.IsAsciiDigit).ToArray());
    }

    public static (WhatsAppFakeRequest? Request, WhatsAppFakeError? Error) Parse(ReadOnlySpan<byte> body)
    {
        JsonObject? root;
        try { root = JsonNode.Parse(body) as JsonObject; }
        catch (JsonException) { return (null, Invalid(100, "Invalid parameter", "The request body is not valid JSON.")); }
        if (root is null) return (null, Invalid(100, "Invalid parameter", "The request body must be a JSON object."));

        switch (Str(root, "messaging_product"))
        {
            case null: return (null, new(400, 100, "(#100) The parameter messaging_product is required."));
            case not "whatsapp": return (null, new(400, 100, $"(#100) Param messaging_product must be one of {{WHATSAPP}} - got \"{Str(root, "messaging_product")}\"."));
        }
        if (Str(root, "status") is { } status)
        {
            if (status != "read") return (null, new(400, 100, $"(#100) Param status must be one of {{READ}} - got \"{status}\"."));
            return Str(root, "message_id") is { Length: > 0 } read
                ? (new MarkRead(read), null)
                : (null, new(400, 100, "(#100) The parameter message_id is required."));
        }

        if (Str(root, "recipient_type") is { } kind && kind != "individual")
            return (null, new(400, 100, $"(#100) Param recipient_type must be one of {{INDIVIDUAL}} - got \"{kind}\"."));
        if (Str(root, "to") is not { Length: > 0 } to) return (null, Invalid(131008, "Required parameter is missing", "The parameter to is required."));
        if (!PhoneShape().IsMatch(to)) return (null, Invalid(131009, "Parameter value is not valid", $"'{to}' is not a valid phone number (international digits, an optional +)."));
        var type = Str(root, "type") ?? "text";
        var replyTo = root["context"] is JsonObject context ? Str(context, "message_id") : null;

        if (type == "text")
        {
            if (root["text"] is not JsonObject text || Str(text, "body") is not { } content)
                return (null, Invalid(131008, "Required parameter is missing", "The parameter text['body'] is required."));
            if (content.Trim().Length == 0) return (null, Invalid(131009, "Parameter value is not valid", "text['body'] is empty."));
            if (content.Length > MaxTextLength) return (null, new(400, 100, $"(#100) Param text['body'] must be at most {MaxTextLength} characters long."));
            return (new Message(to, type, content, replyTo, null, null), null);
        }
        if (MediaTypes.Contains(type))
        {
            if (root[type] is not JsonObject media) return (null, Invalid(131008, "Required parameter is missing", $"The parameter {type} is required."));
            var (link, id, caption) = (Str(media, "link"), Str(media, "id"), Str(media, "caption"));
            if ((link is null) == (id is null)) return (null, Invalid(131009, "Parameter value is not valid", $"{type} needs exactly one of id or link."));
            if (link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                return (null, Invalid(131009, "Parameter value is not valid", $"{type}['link'] is not an http(s) URL."));
            if (caption is not null && type is "audio" or "sticker")
                return (null, Invalid(131009, "Parameter value is not valid", $"{type} messages take no caption."));
            if (caption is { Length: > MaxCaptionLength }) return (null, new(400, 100, $"(#100) Param {type}['caption'] must be at most {MaxCaptionLength} characters long."));
            return (new Message(to, type, caption, replyTo, new WhatsAppFakeMediaUse(link, id, caption, Str(media, "filename")), null), null);
        }
        if (type == "template") return ParseTemplate(root, to, replyTo);
        return (null, Invalid(131051, "Unsupported message type", $"Message type '{type}' is not supported."));
    }

    private static (WhatsAppFakeRequest?, WhatsAppFakeError?) ParseTemplate(JsonObject root, string to, string? replyTo)
    {
        if (root["template"] is not JsonObject template || Str(template, "name") is not { Length: > 0 } name)
            return (null, Invalid(131008, "Required parameter is missing", "The parameter template['name'] is required."));
        if (template["language"] is not JsonObject language || Str(language, "code") is not { Length: > 0 } code)
            return (null, Invalid(131008, "Required parameter is missing", "The parameter template['language']['code'] is required."));
        var parameters = new List<string>();
        if (template["components"] is JsonArray components)
        {
            foreach (var component in components.OfType<JsonObject>().Where(c => Str(c, "type")?.ToLowerInvariant() == "body"))
            {
                foreach (var parameter in (component["parameters"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (Str(parameter, "type") != "text" || Str(parameter, "text") is not { } value)
                        return (null, Invalid(132012, "Parameter format does not match format in the created template", "Body parameters must be of type text with a text."));
                    parameters.Add(value);
                }
            }
        }
        return (new Message(to, "template", null, replyTo, null, new WhatsAppFakeTemplateUse(name, code, parameters)), null);
    }

    private static WhatsAppFakeError Invalid(int code, string title, string details) => WhatsAppFakeError.Of(code, title, details);

    private static string? Str(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>What Meta takes in <c>to</c>: an international number, digits with an optional plus.</summary>
    [GeneratedRegex(@"^\+?[1-9][0-9]{6,14}$")]
    private static partial Regex PhoneShape();
}

/// <summary>The media of a message: by a link Meta fetches, or by the id of an upload.</summary>
public sealed record WhatsAppFakeMediaUse(string? Link, string? Id, string? Caption, string? FileName);

/// <summary>A template as a send names it: name, language code and the body's parameters in order.</summary>
public sealed record WhatsAppFakeTemplateUse(string Name, string Language, IReadOnlyList<string> Parameters);
