namespace Inbox.Silo.Conversations;

/// <summary>
/// Since when a customer has been waiting for us: the oldest of their messages that arrived after our last answer.
/// An answer is any message the brand sent the customer (an agent's reply, a send through an API key or by the owner,
/// a keyword's confirmation, a message the brand's people sent from the provider's own app), except the alerts
/// number's automatic "we got your message", which promises an answer rather than giving one. Private notes, activity
/// entries and the channel's own events neither start nor end a wait; resolving a thread ends it (the customer's
/// next message starts a new one). Arrival order decides, as it does for unread: a customer's message that arrives
/// after our answer is unanswered even when the provider dates it before.
/// </summary>
public static class Waiting
{
    /// <summary>Where <see cref="Order"/> puts conversations nobody waits on: after every waiting one, most recent activity first.</summary>
    public const long NotWaitingBase = 1L << 62;

    /// <summary>A customer's own message: it starts a wait, or leaves an older one as it is.</summary>
    public static bool FromCustomer(MessageView message) =>
        message.Kind == MessageKind.Message && message.Direction == Direction.Inbound && message.AuthorKind != AuthorKind.System;

    /// <summary>A message from us that the customer gets and that answers them (see the type's summary).</summary>
    public static bool Answers(MessageView message) =>
        message.Kind == MessageKind.Message && message.Direction == Direction.Outbound && !IsAutoReply(message);

    /// <summary>The alerts number's automatic reply: sent by the system itself, which is never named as an author.</summary>
    public static bool IsAutoReply(MessageView message) => message.AuthorKind == AuthorKind.System && message.AuthorId is null;

    /// <summary>The wait after <paramref name="message"/> joined the thread.</summary>
    public static DateTimeOffset? After(DateTimeOffset? since, MessageView message) =>
        Answers(message) ? null
        : FromCustomer(message) ? (since is { } earlier && earlier <= message.SentAt ? earlier : message.SentAt)
        : since;

    /// <summary>The wait after a status change: resolving says the thread needs nothing more from us.</summary>
    public static DateTimeOffset? AfterStatus(DateTimeOffset? since, ConversationStatus status) => status == ConversationStatus.Resolved ? null : since;

    /// <summary>
    /// The list's default order as one number, ascending: waiting conversations first, the longest-waiting first; then
    /// the others, most recent activity first. One column keeps the keyset cursor and the index simple.
    /// </summary>
    public static long Order(DateTimeOffset? since, DateTimeOffset lastActivityAt) =>
        since is { } waiting ? waiting.ToUnixTimeMilliseconds() : NotWaitingBase - lastActivityAt.ToUnixTimeMilliseconds();
}
