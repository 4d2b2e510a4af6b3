using System.Collections.Concurrent;

namespace Inbox.Silo.Numbers;

/// <summary>
/// Routes of started conversations, shared by the silo's inbound path so that a known sender skips a turn of
/// the (busy) number grain. One per silo, filled by the number grain's activations on that silo, never told of
/// what other nodes change, and correct anyway:
/// <list type="bullet">
/// <item>The conversation id never changes: a route row is inserted once (a racing activation on another node
/// loses the insert and takes the winner's row) and nothing updates or deletes routes, contact identities or
/// numbers (no re-registration, release, merge or default-team change exists).</item>
/// <item>The rest of a target (contact name, team, brand) is read by the conversation only when it starts, and
/// only a started conversation's route is cached; a route made before its conversation (a refused first send)
/// is read from the database again, so a contact renamed on any node in between starts with its new name.</item>
/// </list>
/// Should any of those become changeable, this cache must be invalidated across nodes or go. Bounded: it empties when full.
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
