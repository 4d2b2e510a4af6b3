using System.Text.Json.Serialization;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Events;

/// <summary>
/// Published after the commit that caused it. Each carries ids, the brand and team (so a
/// subscriber can apply <see cref="Access.Visibility"/>) and the small summary a list row needs.
/// Delivery is live only: a client that reconnects reloads current state.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessageAdded), "messageAdded")]
[JsonDerivedType(typeof(MessageStatusChanged), "messageStatusChanged")]
[JsonDerivedType(typeof(ConversationUpdated), "conversationUpdated")]
[JsonDerivedType(typeof(AgentPresenceChanged), "agentPresenceChanged")]
public abstract record InboxEvent(string BrandId, string? TeamId);

public sealed record MessageAdded(string BrandId, string? TeamId, string? AssigneeId, string ConversationId, MessageView Message)
    : InboxEvent(BrandId, TeamId);

public sealed record MessageStatusChanged(
    string BrandId, string? TeamId, string? AssigneeId, string ConversationId, string MessageId, DeliveryStatus Status, string? ErrorCode, string? ErrorReason)
    : InboxEvent(BrandId, TeamId);

public sealed record ConversationUpdated(string BrandId, string? TeamId, ConversationRow Conversation)
    : InboxEvent(BrandId, TeamId);

public sealed record AgentPresenceChanged(string BrandId, string AgentId, string Name, Presence Presence)
    : InboxEvent(BrandId, null);

[JsonConverter(typeof(WireEnum<Presence>))]
public enum Presence
{
    Offline,
    Online,
    Away,
}
