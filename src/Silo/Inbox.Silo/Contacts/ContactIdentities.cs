using Inbox.Silo.Channels;

namespace Inbox.Silo.Contacts;

public static class ContactIdentities
{
    /// <summary>
    /// The identity a sender's address stands for. SMS and WhatsApp share the phone identity, so a
    /// person who texts and then writes on WhatsApp is one contact of the brand.
    /// </summary>
    public static ContactIdentity From(Channel channel, string address) => channel switch
    {
        Channel.Sms or Channel.WhatsApp => new(ContactIdentity.Phone, PhoneNumbers.TryNormalize(address, out var e164)
            ? e164
            : throw Refuse.Invalid("bad_phone_number", $"'{address}' is not a phone number.")),
        Channel.Messenger => new(ContactIdentity.Messenger, Opaque(address, "Messenger PSID")),
        Channel.Telegram => new(ContactIdentity.Telegram, Opaque(address, "Telegram user id")),
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    private static string Opaque(string address, string what) => address.Trim() is { Length: > 0 and <= 128 } trimmed
        ? trimmed
        : throw Refuse.Invalid("bad_address", $"'{address}' is not a {what}.");
}
