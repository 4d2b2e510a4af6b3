using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Queries;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Inbox.Web.Hubs;

/// <summary>The hub's contract on the wire (docs/hub.md): method names, and the payloads, camel-cased as the API's JSON.</summary>
public static class HubWire
{
    public const string MessageAdded = "messageAdded";
    public const string MessageStatusChanged = "messageStatusChanged";
    public const string MessageReactionsChanged = "messageReactionsChanged";
    public const string MessageEdited = "messageEdited";
    public const string ConversationUpdated = "conversationUpdated";
    public const string ConversationRemoved = "conversationRemoved";
    public const string AgentPresenceChanged = "agentPresenceChanged";

    public sealed record MessageAddedEvent(string ConversationId, long Sequence, string BrandId, MessageView Message);

    public sealed record MessageStatusChangedEvent(string ConversationId, long Sequence, string BrandId, string MessageId, DeliveryStatus Status,
        string? ErrorCode, string? ErrorReason);

    /// <summary>What a message's reactions are now (each customer's latest), after one was set, changed or taken away.</summary>
    public sealed record MessageReactionsChangedEvent(string ConversationId, long Sequence, string BrandId, string MessageId, IReadOnlyList<MessageReaction> Reactions);

    /// <summary>The customer edited a message: what it says now.</summary>
    public sealed record MessageEditedEvent(string ConversationId, long Sequence, string BrandId, string MessageId, string Text);

    public sealed record ConversationUpdatedEvent(string ConversationId, long Sequence, string BrandId, ConversationRow Conversation);

    /// <summary>Content-free on purpose: the thread left the caller's sight, so nothing about it but that goes.</summary>
    public sealed record ConversationRemovedEvent(string ConversationId, long Sequence);

    public sealed record AgentPresenceChangedEvent(string BrandId, string AgentId, string Name, Presence Presence);

    /// <summary>What an event becomes on the wire; null for one the hub does not forward.</summary>
    public static Outgoing? Of(InboxEvent @event) => @event switch
    {
        Silo.Events.MessageAdded e => new(MessageAdded, new MessageAddedEvent(e.ConversationId, e.Sequence, e.BrandId, e.Message)),
        Silo.Events.MessageStatusChanged e => new(MessageStatusChanged,
            new MessageStatusChangedEvent(e.ConversationId, e.Sequence, e.BrandId, e.MessageId, e.Status, e.ErrorCode, e.ErrorReason)),
        Silo.Events.MessageReactionsChanged e => new(MessageReactionsChanged,
            new MessageReactionsChangedEvent(e.ConversationId, e.Sequence, e.BrandId, e.MessageId, e.Reactions)),
        Silo.Events.MessageEdited e => new(MessageEdited, new MessageEditedEvent(e.ConversationId, e.Sequence, e.BrandId, e.MessageId, e.Text)),
        Silo.Events.ConversationUpdated e => new(ConversationUpdated, new ConversationUpdatedEvent(e.ConversationId, e.Sequence, e.BrandId, e.Conversation)),
        Silo.Events.AgentPresenceChanged e => new(AgentPresenceChanged, new AgentPresenceChangedEvent(e.BrandId, e.AgentId, e.Name, e.Presence)),
        _ => null,
    };

    /// <summary>
    /// One event as it goes out: its method and payload, made once however many clients get it. <see cref="Frame"/> is the
    /// hub's invocation of it, which SignalR serializes once per protocol and every connection that gets it then writes as
    /// bytes: with 50 connections on a brand, an event is serialized once, not 50 times.
    /// </summary>
    public sealed class Outgoing(string method, object payload)
    {
        private SerializedHubMessage? _frame;

        public string Method => method;

        public object Payload => payload;

        public SerializedHubMessage Frame =>
            _frame ?? Interlocked.CompareExchange(ref _frame, new SerializedHubMessage(new InvocationMessage(method, [payload])), null) ?? _frame;
    }

    /// <summary>
    /// An inbox view as a client asks for it: the list's query parameters (GET /api/v1/conversations), plus <see cref="Mine"/>
    /// for the caller's own assignments. Without a brand it is every brand the caller works for.
    /// </summary>
    public sealed record InboxView(
        string? BrandId = null, bool Mine = false, bool Unassigned = false, string? Team = null, string? Assignee = null,
        Channel? Channel = null, ConversationStatus? Status = null, string? Number = null, string? Contact = null)
    {
        public ConversationFilter Filter(string? agentId) =>
            new(BrandId, Status, Channel, Number, Mine ? agentId : Assignee, Team, Unassigned, Contact);
    }
}
