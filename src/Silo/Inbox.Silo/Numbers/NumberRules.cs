using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;

namespace Inbox.Silo.Numbers;

/// <summary>The pure rules of registering a number: normal forms, address claims and default pacing.</summary>
public static class NumberRules
{
    /// <summary>The canonical address of a sender on its channel: E.164 for SMS, digits for provider ids.</summary>
    public static string CanonicalAddress(Channel channel, string address) => channel switch
    {
        Channel.Sms => Contacts.PhoneNumbers.TryNormalize(address, out var e164)
            ? e164
            : throw Refuse.Invalid("bad_phone_number", $"'{address}' is not an E.164 phone number.", "address"),
        _ => address.Trim() is { Length: > 0 and <= 64 } id && id.All(char.IsAsciiDigit)
            ? id
            : throw Refuse.Invalid("bad_address", $"'{address}' is not a {channel.Display()} id (digits).", "address"),
    };

    /// <summary>The country calling code of the number's phone number ("1", "44"), in which national-format senders are read; null for pages and bots.</summary>
    public static string? HomeCountry(NumberView number) => number.Channel switch
    {
        Channel.Sms => Contacts.PhoneNumbers.CountryCallingCodeOf(number.Address),
        Channel.WhatsApp => Contacts.PhoneNumbers.CountryCallingCodeOf(number.DisplayNumber),
        _ => null,
    };

    /// <summary>
    /// What this number holds exclusively across all brands and channels: its own address, and for
    /// WhatsApp its phone number too, so an SMS number is never also a WhatsApp number.
    /// </summary>
    public static IReadOnlyList<string> Claims(Channel channel, string address, string? displayNumber) => channel switch
    {
        Channel.Sms => [address],
        Channel.WhatsApp => [$"whatsapp-id:{address}", displayNumber ?? throw Refuse.Invalid("missing_display_number", "A WhatsApp number needs its display phone number.", "displayNumber")],
        Channel.Messenger => [$"messenger-page:{address}"],
        Channel.Telegram => [$"telegram-bot:{address}"],
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    /// <summary>The window a provider counts a number's sends in: ACS's limits are per minute, the others' per second.</summary>
    public static TimeSpan PacingUnit(Channel channel) => channel == Channel.Sms ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1);

    /// <summary>Provider limits per sender (docs/providers): ACS toll-free 200/min, WhatsApp 80/s, Messenger 300/s, Telegram 30/s.</summary>
    public static (double RatePerSecond, int Burst) DefaultPacing(Channel channel) => channel switch
    {
        Channel.Sms => (200 / 60.0, 5),
        Channel.WhatsApp => (80, 80),
        Channel.Messenger => (300, 300),
        Channel.Telegram => (30, 30),
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };
}
