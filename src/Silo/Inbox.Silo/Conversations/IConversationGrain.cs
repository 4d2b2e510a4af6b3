using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Conversations;

[Alias("Inbox.Silo.Conversations.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Records one inbound event, committed before it returns; a redelivered event changes nothing.</summary>
    [Alias("Receive")]
    Task<InboundOutcome> Receive(ConversationTarget target, InboundEvent inbound);

    /// <summary>A reply or private note; <paramref name="target"/> starts the conversation when a send starts contact.</summary>
    [Alias("Send")]
    Task<MessageView> Send(Caller caller, Outgoing outgoing, ConversationTarget? target = null);

    [Alias("Assign")]
    Task<ConversationRow> Assign(Caller caller, string? assigneeId);

    [Alias("Update")]
    Task<ConversationRow> Update(Caller caller, ConversationChange change);

    [Alias("MarkRead")]
    Task<ConversationRow> MarkRead(Caller caller);

    /// <summary>A failed message of this thread sent again as a new message (the answer to "may have been sent").</summary>
    Task<MessageView> Resend(Caller caller, string messageId);

    /// <summary>The list row, if the caller may see it.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<ConversationRow?> Get(Caller caller);

    [ReadOnly]
    [Alias("Composer")]
    Task<ComposerView> Composer(Caller caller);

    /// <summary>The contacts who have written in a group conversation (for a direct one, its contact).</summary>
    [ReadOnly]
    [Alias("Members")]
    Task<IReadOnlyList<string>> Members(Caller caller);

    /// <summary>
    /// Announces a delivery status that the outbox or a provider's callback has committed, so that it reaches
    /// subscribers with this conversation's next event sequence, in order with its other events. One-way: the
    /// caller's commit is what counts; the announcement is live only.
    /// </summary>
    [OneWay]
    [Alias("AnnounceDelivery")]
    Task AnnounceDelivery(DeliveryChange change);
}

/// <summary>A delivery status committed outside the conversation grain (the outbox, a provider's status callback).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.DeliveryChange")]
public sealed record DeliveryChange(string MessageId, DeliveryStatus Status, string? ErrorCode = null, string? ErrorReason = null);

/// <summary>
/// A message to send. <see cref="Urgent"/> (with a reason, audited) lets an alert that starts contact through
/// quiet hours, when an API key allowed to send urgent sends it (<see cref="Compliance.UrgentSends"/>);
/// <see cref="Template"/> sends an approved WhatsApp template; <see cref="HumanAgent"/> tags a
/// Messenger reply as a human agent's, which may go up to 7 days after the customer's last message.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.Outgoing")]
public sealed record Outgoing(
    string? Text, IReadOnlyList<MediaRef>? Media = null, bool IsPrivate = false, bool StartsContact = false, Purpose? Purpose = null,
    Numbers.TemplateUse? Template = null, bool Urgent = false, string? UrgentReason = null, bool HumanAgent = false,
    string? ReplyToMessageId = null);

/// <summary>What a composer needs to show before anyone types; <see cref="Reply"/> is what a free-form reply sent now would meet.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.ComposerView")]
public sealed record ComposerView(
    string NumberKey, Channel Channel, DateTimeOffset? WindowOpenUntil, bool FreeFormAllowed, ReplyCheck Reply, Compliance.ConsentSnapshot Consent,
    IReadOnlyList<string> RecipientTimeZones, IReadOnlyList<Numbers.MessageTemplate> Templates);

/// <summary>
/// The send rules' answer for a free-form reply now: allowed (perhaps held until <see cref="HeldUntil"/> by
/// quiet hours), or refused with the <see cref="Code"/> and <see cref="Reason"/> the API's 422 would give.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.ReplyCheck")]
public sealed record ReplyCheck(bool Allowed, string? Code = null, string? Reason = null, DateTimeOffset? HeldUntil = null)
{
    public static ReplyCheck From(Compliance.SendDecision decision) => decision switch
    {
        Compliance.SendDecision.Refused refused => new(false, refused.Code, refused.Reason),
        Compliance.SendDecision.Held held => new(true, "quiet_hours", held.Reason, held.Until),
        _ => new(true),
    };
}

/// <summary>A null field is left as it is.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.ConversationChange")]
public sealed record ConversationChange(ConversationStatus? Status = null, DateTimeOffset? SnoozedUntil = null, string? TeamId = null);
