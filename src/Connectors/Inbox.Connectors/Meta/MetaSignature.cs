using System.Security.Cryptography;

namespace Inbox.Connectors.Meta;

/// <summary>
/// Meta's webhook signature: <c>X-Hub-Signature-256: sha256=</c> and the lowercase hex HMAC-SHA256 of the
/// raw body under the app secret. It is checked over the bytes as they arrived, before anything parses
/// them: Meta escapes non-ASCII as <c>\uXXXX</c>, so re-serialised JSON would never match.
/// </summary>
public static class MetaSignature
{
    public const string Header = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";

    /// <summary>
    /// The digest a header carries, or null when the header is missing or malformed (another prefix, the
    /// legacy sha1 alone, an odd length, a non-hex character, the wrong size): a refusal, never an exception.
    /// </summary>
    public static byte[]? Digest(string? header)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var hex = header.AsSpan(Prefix.Length);
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2) return null;
        var digest = new byte[HMACSHA256.HashSizeInBytes];
        return Convert.FromHexString(hex, digest, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == digest.Length ? digest : null;
    }

    /// <summary>Whether <paramref name="digest"/> is the body's HMAC under <paramref name="secret"/>, compared in constant time.</summary>
    public static bool Matches(ReadOnlySpan<byte> body, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> secret)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, digest);
    }

    /// <summary>The header value Meta would send for this body: what the tests and the fakes sign with.</summary>
    public static string Sign(ReadOnlySpan<byte> body, ReadOnlySpan<byte> secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
