using System.Globalization;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// The messages webhook's bodies, field for field in the order Meta sends them (see the inbound fixtures):
/// one entry per business account, one change, a customer's message or one status.
/// </summary>
public static class WhatsAppFakePayloads
{
    public static JsonObject Envelope(WhatsAppFakeNumber number, Action<JsonObject> fill)
    {
        var value = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject
            {
                ["display_phone_number"] = Digits(number.DisplayPhoneNumber),
                ["phone_number_id"] = number.PhoneNumberId,
            },
        };
        fill(value);
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = number.BusinessAccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
    }

    /// <summary>A customer's text; Meta writes <c>text</c> before <c>type</c> for these.</summary>
    public static JsonObject Text(WhatsAppFakeNumber number, string waId, string? name, string messageId, DateTimeOffset at, string text) =>
        Envelope(number, value =>
        {
            value["contacts"] = Contacts(waId, name);
            value["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = waId,
                ["id"] = messageId,
                ["timestamp"] = Seconds(at),
                ["text"] = new JsonObject { ["body"] = text },
                ["type"] = "text",
            });
        });

    /// <summary>A customer's image, video, audio or document: the media id the business fetches with <c>GET /{media-id}</c>.</summary>
    public static JsonObject Media(WhatsAppFakeNumber number, string waId, string? name, string messageId, DateTimeOffset at, string type,
        WhatsAppFakeMedia media, string? caption) =>
        Envelope(number, value =>
        {
            value["contacts"] = Contacts(waId, name);
            var content = new JsonObject();
            if (caption is not null) content["caption"] = caption;
            if (media.FileName is not null) content["filename"] = media.FileName;
            content["mime_type"] = media.MimeType;
            content["sha256"] = media.Sha256;
            content["id"] = media.Id;
            value["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = waId,
                ["id"] = messageId,
                ["timestamp"] = Seconds(at),
                ["type"] = type,
                [type] = content,
            });
        });

    /// <summary>
    /// One status of a message the business sent: sent and delivered carry the conversation and pricing, read
    /// carries neither, failed carries the error as the webhook reference shows it.
    /// </summary>
    public static JsonObject Status(WhatsAppFakeNumber number, string messageId, string status, DateTimeOffset at, string recipient,
        string conversationId, (int Code, string Title, string Details)? error = null) =>
        Envelope(number, value =>
        {
            var item = new JsonObject
            {
                ["id"] = messageId,
                ["status"] = status,
                ["timestamp"] = Seconds(at),
                ["recipient_id"] = recipient,
            };
            if (status is "sent" or "delivered")
            {
                var conversation = new JsonObject { ["id"] = conversationId };
                if (status == "sent") conversation["expiration_timestamp"] = Seconds(at.AddHours(24));
                conversation["origin"] = new JsonObject { ["type"] = "service" };
                item["conversation"] = conversation;
                item["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = "service" };
            }
            if (error is { } e)
            {
                item["errors"] = new JsonArray(new JsonObject
                {
                    ["code"] = e.Code,
                    ["title"] = e.Title,
                    ["message"] = e.Title,
                    ["error_data"] = new JsonObject { ["details"] = e.Details },
                    ["href"] = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
                });
            }
            value["statuses"] = new JsonArray(item);
        });

    private static JsonArray Contacts(string waId, string? name) =>
        new(new JsonObject { ["profile"] = new JsonObject { ["name"] = name ?? waId }, ["wa_id"] = waId });

    /// <summary>Meta's timestamps: Unix seconds, written as a string.</summary>
    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Digits(string address) => new(address.Where(char.IsAsciiDigit).ToArray());
}
