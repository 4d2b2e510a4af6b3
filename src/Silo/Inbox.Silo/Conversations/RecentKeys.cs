using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Inbox.Silo.Conversations;

/// <summary>
/// The dedupe keys of the silo's latest inbound events, per conversation: a quick answer for the
/// common redelivery (seconds later). Kept in memory only; the messages table's unique index on
/// (number, dedupe key) is what catches a redelivery days later, or one that arrives after a restart.
/// </summary>
/// <remarks>
/// One bounded set for the silo, not one per activation, so an idle conversation costs nothing for
/// it (every activation keeping its own latest keys cost more than its state). It holds 128 bits of
/// the SHA-256 of conversation and key: two different pairs share them with a chance of about
/// 2^-128, far below a disk's undetected error rate, and SHA-256 cannot be steered there. The
/// oldest pair goes first; the default keeps the latest 65,536 (about 3 MiB).
/// </remarks>
public sealed class RecentKeys(int capacity = 65_536)
{
    private readonly Lock _lock = new();
    private readonly HashSet<UInt128> _set = [];
    private readonly Queue<UInt128> _order = new();

    public int Count
    {
        get { lock (_lock) return _order.Count; }
    }

    public bool Contains(string conversationId, string key)
    {
        var digest = Digest(conversationId, key);
        lock (_lock) return _set.Contains(digest);
    }

    public void Remember(string conversationId, string key)
    {
        var digest = Digest(conversationId, key);
        lock (_lock)
        {
            if (!_set.Add(digest)) return;
            _order.Enqueue(digest);
            if (_order.Count > capacity) _set.Remove(_order.Dequeue());
        }
    }

    private static UInt128 Digest(string conversationId, string key)
    {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        var length = 4 + Encoding.UTF8.GetMaxByteCount(conversationId.Length + key.Length);
        var bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(conversationId, bytes[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes, written);
        written += 4 + Encoding.UTF8.GetBytes(key, bytes[(4 + written)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
