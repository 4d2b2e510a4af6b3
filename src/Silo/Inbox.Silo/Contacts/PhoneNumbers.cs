using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace Inbox.Silo.Contacts;

/// <summary>
/// Turns the many spellings of a phone number that users and channel providers send us
/// into one E.164 string ("+14255550123"), so the same person is one contact across channels.
/// libphonenumber reads the number (country codes, trunk prefixes, lengths per country); what stays
/// here is what it leaves to us: which characters may appear at all, when digits without '+' may be
/// taken as international, and Brazil's ninth digit.
/// </summary>
public static class PhoneNumbers
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15; // E.164 caps the whole number, country code included.

    private static PhoneNumberUtil Util => PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, out string e164, string? defaultCountryCallingCode = null)
    {
        e164 = string.Empty;
        var region = RegionOf(ParseCountryCallingCode(defaultCountryCallingCode));
        if (!TryExtractDigits(input, out var hasPlus, out var digits))
            return false;

        if (!hasPlus && digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
            hasPlus = true;
        }

        // Without a '+' we trust digits as international only when they are long enough to hold a
        // country code (WhatsApp wa_id style); a shorter number could belong to any country.
        var international = hasPlus || digits.Length >= 11 ? Read("+" + digits, null) : null;
        var national = hasPlus || region is null ? null : Read(digits, region);
        var best = Best(national, international);
        if (best is null)
            return false;
        e164 = best.E164;
        return true;
    }

    public static string Normalize(string input, string? defaultCountryCallingCode = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TryNormalize(input, out var e164, defaultCountryCallingCode)
            ? e164
            : throw new FormatException($"'{input}' is not a phone number");
    }

    /// <summary>The country calling code of an E.164 number ("+447700900123" → "44"), to read national numbers sent to it.</summary>
    public static string? CountryCallingCodeOf(string? e164)
    {
        if (e164 is not ['+', ..] || !TryExtractDigits(e164, out _, out var digits))
            return null;
        try
        {
            var code = Util.Parse("+" + digits, null).CountryCode;
            return code == 0 ? null : code.ToString(CultureInfo.InvariantCulture);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Whether libphonenumber knows the number as assigned (a number that is only the right length is not).</summary>
    public static bool IsValid(string e164)
    {
        try
        {
            return Util.IsValidNumber(Util.Parse(e164, null));
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public static bool LooksLikePhoneNumber(string? input) =>
        TryExtractDigits(input, out _, out var digits) && digits.Length is >= MinDigits and <= MaxDigits;

    private sealed record Reading(string E164, bool Valid);

    // Both readings may be possible ("14255550123" in a US inbox); a number libphonenumber knows as
    // assigned beats one that only has the right length, and the national reading wins a tie. A number
    // that is only possible is still accepted, so a range newer than the metadata loses no customer.
    private static Reading? Best(Reading? national, Reading? international) =>
        national is { Valid: true } ? national
        : international is { Valid: true } ? international
        : national ?? international;

    private static Reading? Read(string text, string? region)
    {
        try
        {
            var number = Util.Parse(text, region);
            var e164 = Util.Format(number, PhoneNumberFormat.E164);
            var fixedUp = "+" + AddBrazilianNinthDigit(e164[1..]);
            if (fixedUp != e164)
                number = Util.Parse(fixedUp, null);
            if (fixedUp.Length - 1 > MaxDigits || !Util.IsPossibleNumber(number))
                return null;
            return new Reading(fixedUp, Util.IsValidNumber(number));
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    // Strips "tel:", the "(0)" trunk hint and punctuation. Fails on anything that is not a phone
    // character, so names, e-mail addresses and vanity numbers (which libphonenumber would turn into
    // digits) never become numbers.
    private static bool TryExtractDigits(string? input, out bool hasPlus, out string digits)
    {
        hasPlus = false;
        digits = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
            return false;

        var text = input.Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
            text = text[4..].TrimStart();
        // "+44 (0)20 ..." means "dial 0 only from inside the UK", so the 0 is not part of the number.
        text = text.Replace("(0)", string.Empty, StringComparison.Ordinal);
        if (text.StartsWith('+'))
        {
            hasPlus = true;
            text = text[1..];
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
                builder.Append(c);
            else if (!char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')' or '/'))
                return false;
        }

        digits = builder.ToString();
        return digits.Length > 0;
    }

    // WhatsApp still reports many Brazilian mobiles in the pre-2016 8-digit form, and libphonenumber
    // reads that form as it is; without the 9 the same person would become two contacts. Landlines
    // (2-5) never got the extra digit.
    private static string AddBrazilianNinthDigit(string digits)
    {
        if (digits.Length != 12 || !digits.StartsWith("55", StringComparison.Ordinal))
            return digits;
        var areaCode = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var isMobileRange = digits[4] is >= '6' and <= '9';
        return areaCode >= 11 && isMobileRange ? digits.Insert(4, "9") : digits;
    }

    private static int? ParseCountryCallingCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        var trimmed = code.Trim().TrimStart('+');
        if (trimmed.Length is < 1 or > 3 || trimmed[0] == '0' || trimmed.AsSpan().ContainsAnyExceptInRange('0', '9'))
            throw new ArgumentException($"'{code}' is not a country calling code", "defaultCountryCallingCode");
        return int.Parse(trimmed, CultureInfo.InvariantCulture);
    }

    /// <summary>The region whose national numbering a default country code means; null for a code that has none (+800, +882…).</summary>
    private static string? RegionOf(int? code)
    {
        if (code is not { } c)
            return null;
        var region = Util.GetRegionCodeForCountryCode(c);
        return region switch
        {
            "ZZ" => throw new ArgumentException($"'{c}' is not a country calling code", "defaultCountryCallingCode"),
            "001" => null,
            _ => region,
        };
    }
}
