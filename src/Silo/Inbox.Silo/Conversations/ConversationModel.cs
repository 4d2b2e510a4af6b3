using System.Text.Json.Serialization;
using Inbox.Silo.Channels;

namespace Inbox.Silo.Conversations;

[JsonConverter(typeof(WireEnum<ConversationStatus>))]
public enum ConversationStatus
{
    Open,
    Pending,
    Snoozed,
    Resolved,
}

/// <summary>
/// A conversation as the list shows it; also the payload of conversation events. <see cref="WaitingSince"/>: since when the customer
/// has waited for an answer (<see cref="Waiting"/>), null when we wrote last.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.ConversationRow")]
public sealed record ConversationRow(
    string Id,
    string BrandId,
    Channel Channel,
    string NumberKey,
    string ContactId,
    string? ContactName,
    string ContactAddress,
    string? TeamId,
    string? AssigneeId,
    ConversationStatus Status,
    DateTimeOffset? SnoozedUntil,
    int Unread,
    DateTimeOffset? LastInboundAt,
    DateTimeOffset LastActivityAt,
    string? Preview,
    Inbound.ChatKind Chat = Inbound.ChatKind.Direct,
    DateTimeOffset? WaitingSince = null)
{
    /// <summary>The delivery ticks this conversation's channel reports, so a client shows those and never a missing one.</summary>
    public IReadOnlyList<DeliveryStatus> Ticks => Channels.DeliveryTicks.Of(Channel);
}
