using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Inbox.Connectors.Sms;

/// <summary>
/// Azure Communication Services' HMAC-SHA256 request signing, the one scheme of every ACS data-plane call:
/// the signature covers the verb, the path with its query, the date, the host and a SHA-256 of the raw body.
/// The sender signs with it; the fake checks a request by signing it again as received.
/// </summary>
public static class AcsHmac
{
    /// <summary>The headers a signed request carries besides Host.</summary>
    public sealed record Signed(string Date, string ContentHash, string Authorization);

    /// <summary>Signs a request; <paramref name="host"/> is the URI's authority (with the port when it is not the default).</summary>
    public static Signed Sign(string accessKey, string method, string pathAndQuery, string host, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        var hash = ContentHash(body);
        var signature = Signature(accessKey, method, pathAndQuery, date, host, hash);
        return new(date, hash, $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    /// <summary>Base64 of the SHA-256 of the body as sent; an empty body has a hash too.</summary>
    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>
    /// The signature over <c>VERB\npathAndQuery\ndate;host;contentHash</c> with the base64 access key.
    /// Throws <see cref="FormatException"/> when the key is not base64, which a configured key must be.
    /// </summary>
    public static string Signature(string accessKey, string method, string pathAndQuery, string date, string host, string contentHash)
    {
        var key = Convert.FromBase64String(accessKey);
        var toSign = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }
}
