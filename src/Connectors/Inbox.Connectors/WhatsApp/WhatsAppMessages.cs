using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.WhatsApp;

/// <summary>One element of a change's <c>messages</c>: each type Meta documents, read into its own fields.</summary>
internal static class WhatsAppMessages
{
    private static readonly string[] MediaTypes = ["image", "video", "audio", "document", "sticker"];

    /// <summary>The event, or null for a type no rule reads (unsupported, system, order…).</summary>
    public static InboundEvent? Read(string number, JsonElement message, IReadOnlyDictionary<string, string?> names)
    {
        var type = message.Str("type");
        if (message.Str("id") is not { } id || message.Str("from") is not { } from || type is null) return null;
        var inbound = new InboundEvent
        {
            Kind = InboundKind.Message,
            Channel = Channel.WhatsApp,
            NumberAddress = number,
            SenderAddress = from,
            SenderName = names.GetValueOrDefault(from),
            DedupeKey = id,
            ProviderMessageId = id,
            ProviderTimestamp = Time(message),
            ReplyToProviderMessageId = message.Obj("context").Str("id"),
        };
        return type switch
        {
            "text" => inbound with { Text = message.Obj("text").Str("body") },
            _ when MediaTypes.Contains(type) && message.Obj(type) is { } media => inbound with { Media = [Media(type, media)] },
            "location" when Location(message.Obj("location")) is { } place => inbound with { Location = place },
            "contacts" => inbound with { Contacts = message.Items("contacts").Select(Contact).ToArray() },
            "interactive" => Interactive(inbound, message.Obj("interactive")),
            "button" when message.Obj("button") is { } button => inbound with
            {
                Kind = InboundKind.Action, ActionPayload = button.Str("payload"), Text = button.Str("text"),
            },
            "reaction" when message.Obj("reaction") is { } reaction && reaction.Str("message_id") is { } target => inbound with
            {
                Kind = InboundKind.Reaction, ProviderMessageId = target, Reaction = reaction.Str("emoji") ?? "",
            },
            _ => null,
        };
    }

    /// <summary>Meta's timestamps are Unix seconds written as strings.</summary>
    public static DateTimeOffset Time(JsonElement element) =>
        element.Long("timestamp") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch;

    /// <summary>A voice note is audio with <c>voice: true</c>; it is kept apart because the UI plays it inline.</summary>
    private static MediaRef Media(string type, JsonElement media) => new(
        type == "audio" && media.Bool("voice") ? "voice" : type,
        media.Str("id") ?? "",
        media.Str("caption"),
        media.Str("mime_type"),
        media.Long("file_size"),
        media.Str("filename"));

    private static SharedLocation? Location(JsonElement? location) =>
        location is { } l && l.Double("latitude") is { } latitude && l.Double("longitude") is { } longitude
            ? new SharedLocation(latitude, longitude, l.Str("name"), l.Str("address"), l.Str("url"))
            : null;

    private static SharedContact Contact(JsonElement card)
    {
        var name = card.Obj("name");
        var display = name.Str("formatted_name")
            ?? string.Join(' ', new[] { name.Str("first_name"), name.Str("last_name") }.Where(n => !string.IsNullOrEmpty(n)));
        return new SharedContact(
            display,
            card.Items("phones").Select(p => p.Str("phone") ?? p.Str("wa_id")).OfType<string>().ToArray(),
            card.Items("emails").Select(e => e.Str("email")).OfType<string>().ToArray(),
            card.Obj("org").Str("company"));
    }

    /// <summary>A tapped reply button or list row: its id is the payload the brand defined, its title what the customer saw.</summary>
    private static InboundEvent? Interactive(InboundEvent inbound, JsonElement? interactive)
    {
        if (interactive is not { } i) return null;
        var reply = i.Str("type") switch
        {
            "button_reply" => i.Obj("button_reply"),
            "list_reply" => i.Obj("list_reply"),
            _ => null,
        };
        return reply is { } r && r.Str("id") is { } payload
            ? inbound with { Kind = InboundKind.Action, ActionPayload = payload, Text = r.Str("title") }
            : null;
    }
}
