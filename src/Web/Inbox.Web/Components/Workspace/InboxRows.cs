using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// The rows an inbox page shows, in the list's order, and what live events do to them. A row that changes, and a new one,
/// goes where the list's order puts it among the rows shown (or, when that is past them and more pages exist, waits for
/// its page); one that no longer belongs goes. The open conversation's row stays where it is, so answering it never pulls
/// it away from the agent; rows above the agent's view that move are kept from shifting it by <c>wwwroot/inbox-list.js</c>
/// (the browser's own scroll anchoring did not hold it). A row equal to one another page holds is that page's instance
/// (<see cref="Interned{T}"/>): every page read its own copy of the rows a team shares.
/// </summary>
public sealed class InboxRows
{
    private static readonly Interned<ConversationRow> Shared = new();

    private readonly List<ConversationRow> _rows = [];

    public IReadOnlyList<ConversationRow> Items => _rows;

    /// <summary>The same rows as a collection Virtualize takes; it reads the list as it is at each render.</summary>
    public ICollection<ConversationRow> Shown { get; }

    public InboxRows() => Shown = _rows.AsReadOnly();

    /// <summary>Where a row sits in the list, from 0; -1 when it is not there.</summary>
    public int IndexOf(string id) => _rows.FindIndex(r => r.Id == id);

    /// <summary>The cursor of the next page; null when the list is complete.</summary>
    public string? Next { get; private set; }

    /// <summary>The order the rows are in: the one the list was read in.</summary>
    public ConversationSort Sort { get; private set; }

    public ConversationRow? Find(string id) => _rows.Find(r => r.Id == id);

    /// <returns>The rows as kept, for the live view to count as shown.</returns>
    public IReadOnlyList<ConversationRow> Reset(Page<ConversationRow> page, ConversationSort sort = ConversationSort.Waiting)
    {
        Sort = sort;
        _rows.Clear();
        _rows.AddRange(page.Items.Select(Shared.Intern));
        Next = page.Next;
        return _rows;
    }

    /// <returns>The rows added, as kept.</returns>
    public IReadOnlyList<ConversationRow> Append(Page<ConversationRow> page)
    {
        var added = new List<ConversationRow>(page.Items.Count);
        foreach (var row in page.Items)
            if (Find(row.Id) is null) added.Add(Shared.Intern(row));
        _rows.AddRange(added);
        Next = page.Next;
        return added;
    }

    /// <summary>
    /// A row as an event or a refetch has it now. <paramref name="belongs"/>: whether the list's filter still takes it.
    /// <paramref name="keepUnread"/>: the row's unread is the thread's own (its assignee's), not this caller's, so the
    /// count shown stays the caller's. <paramref name="pinned"/>: the open conversation, whose row does not move.
    /// </summary>
    public void Apply(ConversationRow row, bool belongs, bool keepUnread, string? pinned = null)
    {
        var index = _rows.FindIndex(r => r.Id == row.Id);
        if (!belongs)
        {
            if (index >= 0) _rows.RemoveAt(index);
            return;
        }
        var shown = Shared.Intern(keepUnread ? row with { Unread = index >= 0 ? _rows[index].Unread : 0 } : row);
        if (index >= 0 && row.Id == pinned)
        {
            _rows[index] = shown;
            return;
        }
        if (index >= 0) _rows.RemoveAt(index);
        var at = _rows.FindIndex(r => r.Id != pinned && Before(shown, r));
        if (at < 0 && Next is not null) return;
        _rows.Insert(at < 0 ? _rows.Count : at, shown);
    }

    /// <summary>Whether <paramref name="a"/> comes before <paramref name="b"/> in the list's order, as the query orders them (to the millisecond it stores).</summary>
    public bool Before(ConversationRow a, ConversationRow b) => Sort == ConversationSort.Recent
        ? a.LastActivityAt.ToUnixTimeMilliseconds() is var p && b.LastActivityAt.ToUnixTimeMilliseconds() is var q && p != q ? p > q : string.CompareOrdinal(a.Id, b.Id) > 0
        : Waiting.Order(a.WaitingSince, a.LastActivityAt) is var x && Waiting.Order(b.WaitingSince, b.LastActivityAt) is var y && x != y
            ? x < y
            : string.CompareOrdinal(a.Id, b.Id) < 0;

    /// <summary>A customer's message reached a row whose unread is counted here (see <see cref="Apply"/>).</summary>
    public void CountUnread(string id)
    {
        var index = _rows.FindIndex(r => r.Id == id);
        if (index >= 0) _rows[index] = Shared.Intern(_rows[index] with { Unread = _rows[index].Unread + 1 });
    }

    public void MarkedRead(string id)
    {
        var index = _rows.FindIndex(r => r.Id == id);
        if (index >= 0) _rows[index] = Shared.Intern(_rows[index] with { Unread = 0 });
    }

    public bool Remove(string id) => _rows.RemoveAll(r => r.Id == id) > 0;
}
