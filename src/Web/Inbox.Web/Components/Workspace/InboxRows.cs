using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// The rows an inbox page shows, in the list's order, and what live events do to them. A row that changes is changed
/// where it is, a new one goes on top, and one that no longer belongs goes: nothing else moves, so an event never
/// pulls the row the agent is looking at away from them.
/// </summary>
public sealed class InboxRows
{
    private readonly List<ConversationRow> _rows = [];

    public IReadOnlyList<ConversationRow> Items => _rows;

    /// <summary>The cursor of the next page; null when the list is complete.</summary>
    public string? Next { get; private set; }

    public ConversationRow? Find(string id) => _rows.Find(r => r.Id == id);

    public void Reset(Page<ConversationRow> page)
    {
        _rows.Clear();
        _rows.AddRange(page.Items);
        Next = page.Next;
    }

    public void Append(Page<ConversationRow> page)
    {
        foreach (var row in page.Items)
            if (Find(row.Id) is null) _rows.Add(row);
        Next = page.Next;
    }

    /// <summary>
    /// A row as an event or a refetch has it now. <paramref name="belongs"/>: whether the list's filter still takes it.
    /// <paramref name="keepUnread"/>: the row's unread is the thread's own (its assignee's), not this caller's, so the
    /// count shown stays the caller's.
    /// </summary>
    public void Apply(ConversationRow row, bool belongs, bool keepUnread)
    {
        var index = _rows.FindIndex(r => r.Id == row.Id);
        if (!belongs)
        {
            if (index >= 0) _rows.RemoveAt(index);
            return;
        }
        if (index < 0)
        {
            _rows.Insert(0, keepUnread ? row with { Unread = 0 } : row);
            return;
        }
        _rows[index] = keepUnread ? row with { Unread = _rows[index].Unread } : row;
    }

    /// <summary>A customer's message reached a row whose unread is counted here (see <see cref="Apply"/>).</summary>
    public void CountUnread(string id)
    {
        var index = _rows.FindIndex(r => r.Id == id);
        if (index >= 0) _rows[index] = _rows[index] with { Unread = _rows[index].Unread + 1 };
    }

    public void MarkedRead(string id)
    {
        var index = _rows.FindIndex(r => r.Id == id);
        if (index >= 0) _rows[index] = _rows[index] with { Unread = 0 };
    }

    public bool Remove(string id) => _rows.RemoveAll(r => r.Id == id) > 0;
}
