namespace Inbox.Silo.Conversations;

/// <summary>
/// The dedupe keys of an activation's latest inbound events: a quick answer for the common
/// redelivery (seconds later). Kept in memory only; the messages table's unique index on
/// (number, dedupe key) is what catches a redelivery days later.
/// </summary>
public sealed class RecentKeys(int capacity = 32)
{
    private readonly Queue<string> _order = new();
    private readonly HashSet<string> _keys = [];

    public bool Contains(string key) => _keys.Contains(key);

    public void Remember(string key)
    {
        if (!_keys.Add(key)) return;
        _order.Enqueue(key);
        if (_order.Count > capacity) _keys.Remove(_order.Dequeue());
    }

    public int Count => _order.Count;
}
