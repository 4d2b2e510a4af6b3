using System.Text;

namespace Inbox.Silo.Contacts;

/// <summary>
/// Turns the many spellings of a phone number that users and channel providers send us
/// into one E.164 string ("+14255550123"), so the same person is one contact across channels.
/// </summary>
public static class PhoneNumbers
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15; // E.164 caps the whole number, country code included.

    public static bool TryNormalize(string? input, out string e164, string? defaultCountryCallingCode = null)
    {
        e164 = string.Empty;
        var country = ParseCountryCallingCode(defaultCountryCallingCode);
        if (!TryExtractDigits(input, out var hasPlus, out var digits))
            return false;

        if (!hasPlus && digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
            hasPlus = true;
        }

        if (!hasPlus)
        {
            if (country is not null)
            {
                // A national number; its trunk 0 is only dialled inside the country.
                if (digits.StartsWith('0'))
                    digits = digits[1..];
                // "1 425 555 0123" typed in a US inbox already carries the code. Requiring a
                // full national number after it keeps a Brazilian DDD 55 number from matching.
                else if (digits.StartsWith(country, StringComparison.Ordinal) && digits.Length - country.Length >= 10)
                    digits = digits[country.Length..];
                digits = country + digits;
            }
            // Without a default we can only trust ids long enough to hold a country code
            // (WhatsApp wa_id style); a shorter number could belong to any country.
            else if (digits.Length < 11)
                return false;
        }

        if (digits.Length == 0 || digits[0] == '0')
            return false;

        digits = AddBrazilianNinthDigit(digits);
        if (digits.Length is < MinDigits or > MaxDigits)
            return false;

        e164 = "+" + digits;
        return true;
    }

    public static string Normalize(string input, string? defaultCountryCallingCode = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TryNormalize(input, out var e164, defaultCountryCallingCode)
            ? e164
            : throw new FormatException($"'{input}' is not a phone number");
    }

    public static bool LooksLikePhoneNumber(string? input) =>
        TryExtractDigits(input, out _, out var digits) && digits.Length is >= MinDigits and <= MaxDigits;

    // Strips "tel:", the "(0)" trunk hint and punctuation. Fails on anything that is not
    // a phone character, so names and e-mail addresses never turn into numbers.
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

    // WhatsApp still reports many Brazilian mobiles in the pre-2016 8-digit form; without the
    // 9 the same person would become two contacts. Landlines (2-5) never got the extra digit.
    private static string AddBrazilianNinthDigit(string digits)
    {
        if (digits.Length != 12 || !digits.StartsWith("55", StringComparison.Ordinal))
            return digits;
        var areaCode = int.Parse(digits.AsSpan(2, 2));
        var isMobileRange = digits[4] is >= '6' and <= '9';
        return areaCode >= 11 && isMobileRange ? digits.Insert(4, "9") : digits;
    }

    private static string? ParseCountryCallingCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        var trimmed = code.Trim().TrimStart('+');
        if (trimmed.Length is < 1 or > 3 || trimmed[0] == '0' || trimmed.AsSpan().ContainsAnyExceptInRange('0', '9'))
            throw new ArgumentException($"'{code}' is not a country calling code", "defaultCountryCallingCode");
        return trimmed;
    }
}
