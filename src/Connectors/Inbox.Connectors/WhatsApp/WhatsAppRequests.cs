using System.Text.Json;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.WhatsApp;

/// <summary>
/// The <c>/messages</c> bodies of the Cloud API for an outbound message, built as pure functions so every shape is
/// tested without a server. What WhatsApp cannot carry is refused here, before anything goes out.
/// </summary>
public static class WhatsAppRequests
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;

    /// <summary>The body for <paramref name="message"/>, its one attachment (if any) named by <paramref name="media"/>; or why WhatsApp cannot carry it.</summary>
    public static (byte[]? Body, SendResult.Invalid? Invalid) Message(OutboundMessage message, WhatsAppMediaUse? media = null)
    {
        if (Problem(message) is { } problem) return (null, new SendResult.Invalid(problem));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("messaging_product", "whatsapp");
            json.WriteString("recipient_type", "individual");
            json.WriteString("to", Recipient(message.To));
            if (message.ReplyToProviderMessageId is { Length: > 0 } replyTo)
            {
                json.WriteStartObject("context");
                json.WriteString("message_id", replyTo);
                json.WriteEndObject();
            }
            if (message.Template is { } template) WriteTemplate(json, template);
            else if (message.Media.Count == 1) WriteMedia(json, message.Media[0], media ?? throw new ArgumentNullException(nameof(media)), message.Text);
            else
            {
                json.WriteString("type", "text");
                json.WriteStartObject("text");
                json.WriteBoolean("preview_url", message.Text!.Contains("https://", StringComparison.OrdinalIgnoreCase));
                json.WriteString("body", message.Text);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return (buffer.ToArray(), null);
    }

    /// <summary>Why WhatsApp cannot carry the message as it is, or null.</summary>
    public static string? Problem(OutboundMessage message)
    {
        if (message.Template is not null) return message.Media.Count > 0 ? "A WhatsApp template message carries no attachment of ours" : null;
        if (message.Media.Count > 1) return $"WhatsApp carries one attachment per message; this one has {message.Media.Count}";
        if (message.Media.Count == 1)
        {
            var type = MediaType(message.Media[0]);
            if (!string.IsNullOrWhiteSpace(message.Text) && type is "audio" or "sticker")
                return $"WhatsApp's {type} messages take no caption; send the text as a message of its own";
            return message.Text is { Length: > MaxCaptionLength } ? $"A WhatsApp caption is at most {MaxCaptionLength} characters; this one has {message.Text.Length}" : null;
        }
        if (string.IsNullOrWhiteSpace(message.Text)) return "The message has neither text, an attachment nor a template";
        return message.Text.Length > MaxTextLength ? $"A WhatsApp text is at most {MaxTextLength} characters; this one has {message.Text.Length}" : null;
    }

    /// <summary>The Cloud API's message type for an attachment: a voice note is audio, anything unnamed a document.</summary>
    public static string MediaType(MediaRef media) => media.Type switch
    {
        "image" or "video" or "audio" or "sticker" or "document" => media.Type,
        "voice" => "audio",
        _ => "document",
    };

    /// <summary>The body of <c>status: read</c> for a message the customer sent.</summary>
    public static byte[] MarkRead(string providerMessageId) => JsonSerializer.SerializeToUtf8Bytes(
        new Dictionary<string, string> { ["messaging_product"] = "whatsapp", ["status"] = "read", ["message_id"] = providerMessageId });

    /// <summary>WhatsApp's recipient: the international number's digits (a wa_id), whether or not we keep it with a plus.</summary>
    public static string Recipient(string to) => new(to.Where(char.IsAsciiDigit).ToArray());

    private static void WriteMedia(Utf8JsonWriter json, MediaRef media, WhatsAppMediaUse use, string? text)
    {
        var type = MediaType(media);
        json.WriteString("type", type);
        json.WriteStartObject(type);
        if (use.Link is { } link) json.WriteString("link", link);
        else json.WriteString("id", use.Id);
        var caption = string.IsNullOrWhiteSpace(text) ? media.Caption : text;
        if (!string.IsNullOrWhiteSpace(caption) && type is not ("audio" or "sticker")) json.WriteString("caption", caption);
        if (type == "document" && media.FileName is { Length: > 0 } name) json.WriteString("filename", name);
        json.WriteEndObject();
    }

    private static void WriteTemplate(Utf8JsonWriter json, Silo.Numbers.TemplateUse template)
    {
        json.WriteString("type", "template");
        json.WriteStartObject("template");
        json.WriteString("name", template.Name);
        json.WriteStartObject("language");
        json.WriteString("code", template.Language);
        json.WriteEndObject();
        if (template.Parameters.Count > 0)
        {
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("type", "body");
            json.WriteStartArray("parameters");
            foreach (var parameter in template.Parameters)
            {
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("text", parameter);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}

/// <summary>How an attachment is named to WhatsApp: a link Meta fetches, or the id of a file uploaded to its <c>/media</c>.</summary>
public sealed record WhatsAppMediaUse(string? Link, string? Id)
{
    public static WhatsAppMediaUse ByLink(string link) => new(link, null);

    public static WhatsAppMediaUse ById(string id) => new(null, id);
}
