using Inbox.Silo.Access;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Queries;

namespace Inbox.Web.Hubs;

/// <summary>
/// What a node last heard of one conversation: the two facts visibility depends on, and the list row once a
/// <see cref="ConversationUpdated"/> told it (a message's event carries the team and assignee, not the row).
/// </summary>
public sealed record ConversationFacts(string BrandId, string? TeamId, string? AssigneeId, ConversationRow? Row, long Sequence)
{
    /// <summary>The facts after <paramref name="event"/>, given those before it (null: never heard of).</summary>
    public static ConversationFacts After(ConversationFacts? before, ConversationEvent @event) => @event switch
    {
        ConversationUpdated updated => new(@event.BrandId, updated.Conversation.TeamId, updated.Conversation.AssigneeId, updated.Conversation, @event.Sequence),
        MessageAdded added => new(@event.BrandId, added.TeamId, added.AssigneeId, before?.Row, @event.Sequence),
        MessageStatusChanged changed => new(@event.BrandId, changed.TeamId, changed.AssigneeId, before?.Row, @event.Sequence),
        MessageReactionsChanged reacted => new(@event.BrandId, reacted.TeamId, reacted.AssigneeId, before?.Row, @event.Sequence),
        MessageEdited edited => new(@event.BrandId, edited.TeamId, edited.AssigneeId, before?.Row, @event.Sequence),
        _ => new(@event.BrandId, @event.TeamId, before?.AssigneeId, before?.Row, @event.Sequence),
    };

    /// <summary>
    /// The facts before <paramref name="event"/> when the node never heard of the conversation: a move or an unassignment
    /// says in its activity entry where the thread was, so whoever saw it there is told it left even on a node that just
    /// started watching. Null when the event does not say.
    /// </summary>
    public static ConversationFacts? Implied(ConversationEvent @event) => @event is MessageAdded { Message.Activity: { } activity } added
        ? activity.Action switch
        {
            ActivityAction.Moved => new(added.BrandId, activity.FromTeamId, added.AssigneeId, null, 0),
            ActivityAction.Unassigned => new(added.BrandId, added.TeamId, activity.AssigneeId, null, 0),
            _ => null,
        }
        : null;
}

/// <summary>One inbox view a connection watches: the list's own filter, resolved for the caller ("mine" is their agent id).</summary>
public sealed record WatchedView(string BrandId, ConversationFilter Filter)
{
    /// <summary>
    /// Whether the conversation belongs in the view, as the list's WHERE clause decides it. Row columns the node has not
    /// heard yet (status, channel, number, contact, before the first row event) do not exclude it: the client re-applies
    /// its filter to the row; visibility, which does exclude, never depends on them.
    /// </summary>
    public bool Matches(ConversationFacts facts)
    {
        if (facts.BrandId != BrandId) return false;
        if (Filter.TeamId is { } team && facts.TeamId != team) return false;
        if (Filter.AssigneeId is { } assignee && facts.AssigneeId != assignee) return false;
        if (Filter.Unassigned && facts.AssigneeId is not null) return false;
        if (facts.Row is not { } row) return true;
        return (Filter.Status is not { } status || row.Status == status)
            && (Filter.Channel is not { } channel || row.Channel == channel)
            && (Filter.NumberKey is not { } number || row.NumberKey == number)
            && (Filter.ContactId is not { } contact || row.ContactId == contact);
    }
}

/// <summary>What a connection watches: views, and single conversations (an open thread).</summary>
public sealed record Watching(IReadOnlyCollection<WatchedView> Views, IReadOnlySet<string> Conversations)
{
    public bool Covers(string conversationId, ConversationFacts facts) => Conversations.Contains(conversationId) || Views.Any(v => v.Matches(facts));
}

public enum Verdict
{
    /// <summary>Nothing goes to the connection.</summary>
    Drop,

    /// <summary>The event goes to the connection.</summary>
    Deliver,

    /// <summary>A content-free <c>conversationRemoved</c> goes instead: the thread left the caller's sight.</summary>
    Remove,
}

/// <summary>
/// The one decision between a heard event and a connection, made with the rule that filters the list
/// (<see cref="Visibility.CanSeeConversation"/>, on the team and assignee the event itself carries, for the caller as
/// they are now). A pure function, so it is tested without a hub.
/// </summary>
public static class HubSight
{
    /// <param name="caller">The connection's caller, as last read.</param>
    /// <param name="watching">What the connection watches.</param>
    /// <param name="shown">The connection was told of this conversation (an event, or its subscription) and not told it left.</param>
    /// <param name="before">What the node knew of the conversation before this event, if anything.</param>
    /// <param name="after">The conversation as this event leaves it.</param>
    /// <param name="isRow">The event is the conversation's row (<see cref="ConversationUpdated"/>).</param>
    /// <returns>The verdict, and whether the connection holds the conversation afterwards.</returns>
    public static (Verdict Verdict, bool Shown) Decide(Caller caller, Watching watching, string conversationId, bool shown,
        ConversationFacts? before, ConversationFacts after, bool isRow)
    {
        var held = shown || before is not null && Sees(caller, before) && watching.Covers(conversationId, before);
        if (!Sees(caller, after)) return (held ? Verdict.Remove : Verdict.Drop, false);
        if (watching.Covers(conversationId, after)) return (Verdict.Deliver, true);
        // Still in sight but out of every view (resolved, reassigned): the events up to its new row go, so the client
        // sees it leave; after that row, nothing.
        return held ? (Verdict.Deliver, !isRow) : (Verdict.Drop, false);
    }

    public static bool Sees(Caller caller, ConversationFacts facts) => Visibility.CanSeeConversation(caller, facts.BrandId, facts.TeamId, facts.AssigneeId);
}
