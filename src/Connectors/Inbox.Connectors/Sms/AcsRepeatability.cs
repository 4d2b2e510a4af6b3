using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Inbox.Connectors.Sms;

/// <summary>
/// ACS's repeatable-request fields, derived from the message alone so that every attempt of a message
/// carries the same pair: ACS then answers a retry with the first attempt's result instead of sending
/// the text again. That is what makes a retry after a timeout safe on SMS, and only on SMS.
/// </summary>
public static class AcsRepeatability
{
    /// <summary>The name-space of our ids, so they never coincide with name-based GUIDs of another scheme.</summary>
    private static readonly Guid Namespace = new("6f1d3c2a-4b7e-5a90-9c1d-2e8f7a6b5c40");

    /// <summary>
    /// A name-based (version 5, RFC 9562) GUID of the idempotency key: the same key always gives the same id,
    /// on any node and after a restart, and different keys give different ids.
    /// </summary>
    public static Guid RequestId(string idempotencyKey)
    {
        var name = Encoding.UTF8.GetBytes(idempotencyKey);
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The first attempt's time in RFC 1123, as ACS wants it: the time the message was first queued, not this attempt's.</summary>
    public static string FirstSent(DateTimeOffset firstQueuedAt) => firstQueuedAt.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
