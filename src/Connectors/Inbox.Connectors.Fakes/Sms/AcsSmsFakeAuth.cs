using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Inbox.Connectors.Sms;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// ACS's check of an HMAC-signed request, made on the request as it arrived: the raw target, the Host
/// header, the date header the signature names (<c>x-ms-date</c>, or <c>Date</c> as Azure's .NET SDK
/// sends), and a hash of the bytes received rather than the hash the caller claims. Any mismatch is a
/// refusal; the reason is for the fake's diagnostics, since ACS itself does not explain.
/// </summary>
public static class AcsSmsFakeAuth
{
    private const string Scheme = "HMAC-SHA256 ";

    /// <summary>Null when the request is signed by one of <paramref name="keys"/> within the skew; otherwise why not.</summary>
    public static string? Refusal(string method, string rawTarget, string? host, Func<string, string?> header, ReadOnlySpan<byte> body,
        IEnumerable<string> keys, DateTimeOffset now, TimeSpan skew)
    {
        var authorization = header("Authorization");
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.Ordinal)) return "no HMAC-SHA256 Authorization header";
        var parts = authorization[Scheme.Length..].Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
            return "the Authorization header lacks SignedHeaders or Signature";
        var dateHeader = signedHeaders.ToLowerInvariant() switch
        {
            "x-ms-date;host;x-ms-content-sha256" => "x-ms-date",
            "date;host;x-ms-content-sha256" => "Date",
            _ => null,
        };
        if (dateHeader is null) return $"unsupported SignedHeaders '{signedHeaders}'";
        if (string.IsNullOrEmpty(host)) return "no Host header";

        var date = header(dateHeader);
        if (date is null || !DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
            return $"no RFC 1123 {dateHeader} header";
        if ((now - signedAt).Duration() > skew) return $"{dateHeader} is {(now - signedAt).Duration().TotalMinutes:0} min from the server's clock";

        var claimedHash = header("x-ms-content-sha256");
        if (claimedHash is null) return "no x-ms-content-sha256 header";
        if (!FixedTimeEquals(claimedHash, AcsHmac.ContentHash(body))) return "x-ms-content-sha256 is not the hash of the body received";

        foreach (var key in keys)
        {
            string expected;
            try { expected = AcsHmac.Signature(key, method, rawTarget, date, host, claimedHash); }
            catch (FormatException) { continue; }
            if (FixedTimeEquals(signature, expected)) return null;
        }
        return "the signature does not match any of the resource's keys";
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
