using System.Text.RegularExpressions;

namespace Inbox.Silo.Contacts;

/// <summary>
/// The SMS senders that are not phone numbers. Carriers deliver texts from short codes (a few digits,
/// assigned per country; they can receive, so they can be answered) and from alphanumeric sender ids
/// (a name such as "CONTOSO"; send-only, so nobody can answer them).
/// </summary>
public static partial class SenderIds
{
    /// <summary>3 to 8 digits: short codes run from 3 (some countries' operator services) to 8 digits.</summary>
    public static bool IsShortCode(string address) => address.Length is >= 3 and <= 8 && address.All(char.IsAsciiDigit);

    /// <summary>
    /// Up to 11 characters (what the SMS originator field holds) of ASCII letters, digits, spaces and
    /// the punctuation carriers pass through in registered ids ("Bank-Alerts", "Amazon.de", "M&amp;S"),
    /// with at least one letter: an id of digits only would be a number.
    /// </summary>
    public static bool IsAlphanumeric(string address) => Alphanumeric().IsMatch(address) && address.Any(char.IsAsciiLetter);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9 _.&+\-]{0,10})$")]
    private static partial Regex Alphanumeric();
}
