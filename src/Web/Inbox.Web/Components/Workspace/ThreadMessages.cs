using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// The open thread's messages, oldest first as they read, with what live events do to them: a message heard twice
/// (the event and the refetch both had it) is one message, and a delivery status only ever moves forward.
/// </summary>
public sealed class ThreadMessages
{
    private readonly List<MessageView> _items = [];

    public IReadOnlyList<MessageView> Items => _items;

    /// <summary>The cursor of the page before the oldest shown; null when the thread's start is shown.</summary>
    public string? Older { get; private set; }

    /// <summary>A thread page as the query gives it (newest first).</summary>
    public void Reset(Page<MessageView> newestFirst)
    {
        _items.Clear();
        _items.AddRange(newestFirst.Items.Reverse());
        Older = newestFirst.Next;
    }

    public void PrependOlder(Page<MessageView> newestFirst)
    {
        var known = _items.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        _items.InsertRange(0, newestFirst.Items.Where(m => !known.Contains(m.Id)).Reverse());
        Older = newestFirst.Next;
    }

    public void Add(MessageView message)
    {
        var index = _items.FindIndex(m => m.Id == message.Id);
        if (index >= 0)
        {
            _items[index] = message;
            return;
        }
        // In the thread's order: where the providers' times place it, which is nearly always last.
        var at = _items.Count;
        while (at > 0 && Later(_items[at - 1], message)) at--;
        _items.Insert(at, message);
    }

    public void Status(string messageId, DeliveryStatus status, string? errorCode, string? errorReason)
    {
        var index = _items.FindIndex(m => m.Id == messageId);
        if (index < 0 || !_items[index].Status.Advances(status)) return;
        _items[index] = _items[index] with { Status = status, ErrorCode = errorCode, ErrorReason = errorReason };
    }

    public void Reactions(string messageId, IReadOnlyList<MessageReaction> reactions)
    {
        var index = _items.FindIndex(m => m.Id == messageId);
        if (index >= 0) _items[index] = _items[index] with { Reactions = reactions };
    }

    private static bool Later(MessageView shown, MessageView added) =>
        shown.SentAt > added.SentAt || shown.SentAt == added.SentAt && shown.Sequence > added.Sequence;
}
