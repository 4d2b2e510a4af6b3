using Inbox.Silo.Channels;

namespace Inbox.Silo.Contacts;

public static class ContactIdentities
{
    /// <summary>
    /// The identity a sender's address stands for. SMS and WhatsApp share the phone identity, so a
    /// person who texts and then writes on WhatsApp is one contact of the brand. A national number
    /// ("425 555 0123") is read in <paramref name="countryCallingCode"/>, the country of the brand's
    /// number that received it. On SMS a short code or an alphanumeric sender id is an identity of its
    /// own kind; only an address no rule can read is refused.
    /// </summary>
    public static ContactIdentity From(Channel channel, string address, string? countryCallingCode = null) => channel switch
    {
        Channel.Sms => Sms(address, countryCallingCode),
        // WhatsApp reports the sender as a wa_id (international digits without '+'), which the national
        // reading must not win over; a national number can still come from an integration of our own.
        Channel.WhatsApp => new(ContactIdentity.Phone,
            PhoneNumbers.TryNormalize(address, out var id) || PhoneNumbers.TryNormalize(address, out id, countryCallingCode)
                ? id
                : throw Refuse.Invalid("bad_phone_number", $"'{address}' is not a phone number.")),
        Channel.Messenger => new(ContactIdentity.Messenger, Opaque(address, "Messenger PSID")),
        Channel.Telegram => new(ContactIdentity.Telegram, Opaque(address, "Telegram user id")),
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    /// <summary>Why nothing can be sent to this address, as a refusal; null when it can receive.</summary>
    public static DomainException? CannotReceive(Channel channel, string address) =>
        channel == Channel.Sms && SenderIds.IsAlphanumeric(address.Trim())
            ? Refuse.Rule("cannot_receive",
                $"'{address.Trim()}' is an alphanumeric sender id: it can send messages but cannot receive them, so there is no way to reply. A private note is still possible.")
            : null;

    private static ContactIdentity Sms(string address, string? countryCallingCode)
    {
        var text = address.Trim();
        // A short code and a short national number can look alike (8 digits is a whole number in
        // Denmark); a number libphonenumber knows as assigned in the receiving country is the number.
        if (SenderIds.IsShortCode(text) && !(PhoneNumbers.TryNormalize(text, out var national, countryCallingCode) && PhoneNumbers.IsValid(national)))
            return new(ContactIdentity.ShortCode, text);
        if (PhoneNumbers.TryNormalize(text, out var e164, countryCallingCode))
            return new(ContactIdentity.Phone, e164);
        if (SenderIds.IsAlphanumeric(text))
            return new(ContactIdentity.Alphanumeric, text);
        throw Refuse.Invalid("bad_sender", $"'{address}' is neither a phone number, a short code nor an alphanumeric sender id.");
    }

    private static string Opaque(string address, string what) => address.Trim() is { Length: > 0 and <= 128 } trimmed
        ? trimmed
        : throw Refuse.Invalid("bad_address", $"'{address}' is not a {what}.");
}
