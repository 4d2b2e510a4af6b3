namespace Inbox.Web.Components.Workspace;

public enum SequenceCheck
{
    /// <summary>The first event heard of the conversation: nothing to compare it with.</summary>
    First,

    /// <summary>The one after the last heard.</summary>
    Next,

    /// <summary>Some were missed (a slow page lost them, or the thread was out of view meanwhile): refetch what is shown of it.</summary>
    Gap,

    /// <summary>Already heard, or older: ignore it.</summary>
    Old,
}

/// <summary>
/// The last event sequence a page heard of each conversation (docs/live-events.md): events carry 1, 2, 3, … per
/// conversation, so a skipped number means the page missed something and refetches; a repeated one is dropped.
/// </summary>
public sealed class LiveSequences
{
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);

    public SequenceCheck See(string conversationId, long sequence)
    {
        if (!_last.TryGetValue(conversationId, out var last))
        {
            _last[conversationId] = sequence;
            return SequenceCheck.First;
        }
        if (sequence <= last) return SequenceCheck.Old;
        _last[conversationId] = sequence;
        return sequence == last + 1 ? SequenceCheck.Next : SequenceCheck.Gap;
    }

    /// <summary>After a removal or a refetch the next event starts afresh.</summary>
    public void Forget(string conversationId) => _last.Remove(conversationId);

    public void Clear() => _last.Clear();
}
