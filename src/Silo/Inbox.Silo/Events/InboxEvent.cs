using System.Text.Json.Serialization;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Events;

/// <summary>
/// Published after the commit that caused it. Each carries ids, the brand and team (so a
/// subscriber can apply <see cref="Access.Visibility"/>) and the small summary a list row needs.
/// Delivery is live only: a client that reconnects, or sees a gap in a conversation's
/// <see cref="ConversationEvent.Sequence"/>, reloads current state (docs/live-events.md).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessageAdded), "messageAdded")]
[JsonDerivedType(typeof(MessageStatusChanged), "messageStatusChanged")]
[JsonDerivedType(typeof(MessageReactionsChanged), "messageReactionsChanged")]
[JsonDerivedType(typeof(MessageEdited), "messageEdited")]
[JsonDerivedType(typeof(ConversationUpdated), "conversationUpdated")]
[JsonDerivedType(typeof(AgentPresenceChanged), "agentPresenceChanged")]
[JsonDerivedType(typeof(AgentAccessChanged), "agentAccessChanged")]
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.InboxEvent")]
public abstract record InboxEvent(string BrandId, string? TeamId);

/// <summary>
/// An event about one conversation. <see cref="Sequence"/> counts the conversation's events: 1, 2, 3, … with
/// none skipped or repeated while nothing is lost, reserved in the same commit as the change the event reports
/// (<see cref="ConversationState.LastEventSequence"/>), so it goes on after the grain moves or reactivates. It is not
/// the thread's message order (<see cref="MessageView.Sequence"/>).
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.ConversationEvent")]
public abstract record ConversationEvent(string BrandId, string? TeamId, string ConversationId) : InboxEvent(BrandId, TeamId)
{
    public long Sequence { get; init; }
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.MessageAdded")]
public sealed record MessageAdded(string BrandId, string? TeamId, string? AssigneeId, string ConversationId, MessageView Message)
    : ConversationEvent(BrandId, TeamId, ConversationId);

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.MessageStatusChanged")]
public sealed record MessageStatusChanged(
    string BrandId, string? TeamId, string? AssigneeId, string ConversationId, string MessageId, DeliveryStatus Status, string? ErrorCode, string? ErrorReason)
    : ConversationEvent(BrandId, TeamId, ConversationId);

/// <summary>A customer reacted to a message of the thread, changed or took away a reaction: <see cref="Reactions"/> is what the message shows now.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.MessageReactionsChanged")]
public sealed record MessageReactionsChanged(
    string BrandId, string? TeamId, string? AssigneeId, string ConversationId, string MessageId, IReadOnlyList<MessageReaction> Reactions)
    : ConversationEvent(BrandId, TeamId, ConversationId);

/// <summary>The customer edited a message they sent (Telegram's edited_message): <see cref="Text"/> is what it says now.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.MessageEdited")]
public sealed record MessageEdited(string BrandId, string? TeamId, string? AssigneeId, string ConversationId, string MessageId, string Text)
    : ConversationEvent(BrandId, TeamId, ConversationId);

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.ConversationUpdated")]
public sealed record ConversationUpdated(string BrandId, string? TeamId, ConversationRow Conversation)
    : ConversationEvent(BrandId, TeamId, Conversation.Id);

/// <summary>About an agent, not a conversation: it has no sequence, and the brand's agent list is what a client refetches.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.AgentPresenceChanged")]
public sealed record AgentPresenceChanged(string BrandId, string AgentId, string Name, Presence Presence)
    : InboxEvent(BrandId, null);

/// <summary>
/// An agent's role or teams in the brand changed, they left it, or they were disabled. It carries no rights: a live
/// channel that holds the agent's <see cref="Access.Caller"/> reads it again from the agent's grain, so a thread that
/// left their sight stops reaching them at once rather than at the next periodic check.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Events.AgentAccessChanged")]
public sealed record AgentAccessChanged(string BrandId, string AgentId) : InboxEvent(BrandId, null);

[JsonConverter(typeof(WireEnum<Presence>))]
public enum Presence
{
    Offline,
    Online,
    Away,
}
