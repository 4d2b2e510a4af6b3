using System.Collections.Concurrent;

namespace Inbox.Silo.Numbers;

/// <summary>
/// Routes already made, shared by the silo's inbound path so that a known sender skips a turn of the
/// (busy) number grain. Safe because a route never changes once the number grain has made it: a
/// sender's traffic to a number always belongs to the same conversation. Bounded: it empties when full.
/// </summary>
public sealed class RouteCache
{
    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<(string NumberKey, string Sender), ConversationTarget> _routes = new();

    public bool TryGet(string numberKey, string sender, out ConversationTarget target) => _routes.TryGetValue((numberKey, sender), out target!);

    public void Add(string numberKey, string sender, ConversationTarget target)
    {
        if (_routes.Count >= Capacity) _routes.Clear();
        _routes[(numberKey, sender)] = target;
    }
}
