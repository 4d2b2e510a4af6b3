using System.Text.Json.Serialization;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Inbound;

[JsonConverter(typeof(WireEnum<InboundKind>))]
public enum InboundKind
{
    /// <summary>A customer's message: text and/or media.</summary>
    Message,

    /// <summary>A delivery report for a message we sent: sent, delivered, read or failed.</summary>
    Status,

    /// <summary>Everything we sent before <see cref="InboundEvent.ProviderTimestamp"/> was read (Messenger's watermark).</summary>
    ReadUpTo,

    /// <summary>A message the brand sent from outside Inbox (the provider's own app).</summary>
    Echo,

    /// <summary>The customer edited a message (<see cref="InboundEvent.ProviderMessageId"/> names it).</summary>
    Edit,

    /// <summary>A button postback or callback.</summary>
    Action,

    Unsubscribe,

    Block,

    /// <summary>
    /// The customer reacted to a message (<see cref="InboundEvent.ProviderMessageId"/> names it) with
    /// <see cref="InboundEvent.Reaction"/>; an empty reaction takes the customer's earlier one away.
    /// </summary>
    Reaction,
}

[JsonConverter(typeof(WireEnum<ChatKind>))]
public enum ChatKind
{
    Direct,
    Group,
}

/// <summary>
/// The one shape of inbound traffic that every connector produces. <see cref="DedupeKey"/> is the
/// provider's own identity of the event (WhatsApp and Messenger: message id; Telegram: bot id and
/// update_id; ACS: messageId), unique per number, so a redelivery is recognised days later.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Inbound.InboundEvent")]
public sealed record InboundEvent
{
    public required InboundKind Kind { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>The brand's side: the number, page or bot the event arrived at.</summary>
    public required string NumberAddress { get; init; }

    /// <summary>The customer's side: phone number, PSID or Telegram user id.</summary>
    public required string SenderAddress { get; init; }

    public ChatKind Chat { get; init; } = ChatKind.Direct;

    /// <summary>For a group: the provider's id of the group chat (Telegram's chat id), where replies go; the sender is the member who wrote.</summary>
    public string? ChatId { get; init; }

    /// <summary>For a group: its name, as the provider gives it.</summary>
    public string? ChatTitle { get; init; }

    public required string DedupeKey { get; init; }

    /// <summary>The message the event is or concerns (a status's, an edit's).</summary>
    public string? ProviderMessageId { get; init; }

    public required DateTimeOffset ProviderTimestamp { get; init; }

    public string? SenderName { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<MediaRef>? Media { get; init; }

    /// <summary>For <see cref="InboundKind.Status"/>: sent, delivered, read or failed.</summary>
    public DeliveryStatus? Status { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorReason { get; init; }

    /// <summary>For <see cref="InboundKind.Action"/>: the button's payload.</summary>
    public string? ActionPayload { get; init; }

    /// <summary>A place the customer shared.</summary>
    public SharedLocation? Location { get; init; }

    /// <summary>Contact cards the customer shared.</summary>
    public IReadOnlyList<SharedContact>? Contacts { get; init; }

    /// <summary>For <see cref="InboundKind.Reaction"/>: the emoji, or empty when the customer took the reaction away.</summary>
    public string? Reaction { get; init; }

    /// <summary>The provider's id of the message this one answers (a reply in context: WhatsApp's context.id, Messenger's reply_to.mid, Telegram's reply_to_message).</summary>
    public string? ReplyToProviderMessageId { get; init; }
}

/// <summary>A place shared in a message: WhatsApp's and Telegram's location (or venue), Messenger's location attachment.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Inbound.SharedLocation")]
public sealed record SharedLocation(double Latitude, double Longitude, string? Name = null, string? Address = null, string? Url = null);

/// <summary>A contact card shared in a message, reduced to what an agent reads and dials.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Inbound.SharedContact")]
public sealed record SharedContact(string Name, IReadOnlyList<string>? Phones = null, IReadOnlyList<string>? Emails = null, string? Organization = null);

/// <summary>What became of one event. Every event of a batch gets its own, so one bad event never fails the others.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboundOutcome>))]
public enum InboundOutcome
{
    Accepted,

    /// <summary>Seen before: nothing changed.</summary>
    Duplicate,

    /// <summary>A status, a read watermark, an edit or a reaction was applied.</summary>
    Applied,

    /// <summary>
    /// A status for a send whose provider id is not recorded yet, or a reaction to a message not in the thread yet:
    /// parked, applied when it is.
    /// </summary>
    Pending,

    /// <summary>No brand registered the address: kept in unrouted.</summary>
    Unrouted,

    /// <summary>The event cannot be taken as it is (no dedupe key, a sender no rule can read, no content…): kept in unrouted with the reason.</summary>
    Invalid,
}

/// <summary>One event's outcome; <see cref="Code"/> and <see cref="Reason"/> say why an event was kept in unrouted.</summary>
public sealed record InboundResult(
    InboundOutcome Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public static InboundResult Accepted { get; } = new(InboundOutcome.Accepted);

    public static InboundResult Duplicate { get; } = new(InboundOutcome.Duplicate);

    public static InboundResult Applied { get; } = new(InboundOutcome.Applied);

    public static InboundResult Pending { get; } = new(InboundOutcome.Pending);

    public static InboundResult Of(InboundOutcome outcome) => outcome switch
    {
        InboundOutcome.Accepted => Accepted,
        InboundOutcome.Duplicate => Duplicate,
        InboundOutcome.Applied => Applied,
        InboundOutcome.Pending => Pending,
        _ => new(outcome),
    };
}
