using System.Text.Json.Serialization;

namespace Inbox.Silo.Conversations;

[JsonConverter(typeof(WireEnum<Direction>))]
public enum Direction
{
    Inbound,
    Outbound,
}

[JsonConverter(typeof(WireEnum<AuthorKind>))]
public enum AuthorKind
{
    Contact,
    Agent,
    System,
}

[JsonConverter(typeof(WireEnum<DeliveryStatus>))]
public enum DeliveryStatus
{
    Received,
    Queued,
    Sent,
    Failed,
    Delivered,
    Read,
}

public static class DeliveryStatuses
{
    /// <summary>
    /// Statuses arrive late, twice and out of order; a message only moves forward:
    /// queued → sent → delivered → read. A failure stops a message that was not yet delivered.
    /// </summary>
    public static int Rank(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Received => 0,
        DeliveryStatus.Queued => 1,
        DeliveryStatus.Sent => 2,
        DeliveryStatus.Failed => 3,
        DeliveryStatus.Delivered => 4,
        DeliveryStatus.Read => 5,
        _ => 0,
    };

    public static bool Advances(this DeliveryStatus current, DeliveryStatus next) => next.Rank() > current.Rank();

    public static string Wire(this DeliveryStatus status) => status.ToString().ToLowerInvariant();

    public static DeliveryStatus Parse(string value) => Enum.Parse<DeliveryStatus>(value, ignoreCase: true);
}

/// <summary>
/// A media attachment as the provider knows it (the file stays with the provider until it is first opened):
/// <see cref="Type"/> is image, video, audio, document, sticker or voice; <see cref="Size"/> in bytes when the provider says.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.MediaRef")]
public sealed record MediaRef(string Type, string ProviderMediaId, string? Caption = null, string? MimeType = null, long? Size = null, string? FileName = null);

[JsonConverter(typeof(WireEnum<MessageKind>))]
public enum MessageKind
{
    /// <summary>Between the customer and the brand, on the channel.</summary>
    Message,

    /// <summary>A private note among the brand's people: never sent, so it has no direction and no delivery status.</summary>
    Note,

    /// <summary>What someone did to the thread (assigned, moved, resolved…): never sent, kept in order with the messages.</summary>
    Activity,
    /// <summary>
    /// Something the channel reported of the customer (an unsubscribe, a block), recorded in the thread: not a message,
    /// so it has no direction and no delivery status, and it reopens nothing, adds no unread and opens no window.
    /// </summary>
    ChannelEvent,
}

/// <summary>
/// One message as lists, threads and events show it. A note is stored as an outbound row that is
/// never sent; a channel event as an inbound row written by the system (nothing else is); on the wire
/// neither shows direction or status. <see cref="HeldUntil"/> is when a
/// message held by quiet hours goes. <see cref="SentAt"/> places it in the thread; an inbound message keeps
/// the provider's own time in <see cref="ProviderTimestamp"/> (the same, unless the provider's clock ran ahead).
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.MessageView")]
public sealed record MessageView(
    string Id,
    string ConversationId,
    long Sequence,
    [property: JsonIgnore] Direction Direction,
    AuthorKind AuthorKind,
    string? AuthorId,
    string? Text,
    IReadOnlyList<MediaRef> Media,
    bool IsPrivate,
    [property: JsonIgnore] DeliveryStatus Status,
    string? ErrorCode,
    string? ErrorReason,
    string? ProviderMessageId,
    DateTimeOffset SentAt,
    DateTimeOffset? HeldUntil = null)
{
    public MessageKind Kind =>
        Activity is not null ? MessageKind.Activity
        : IsPrivate ? MessageKind.Note
        : Direction == Direction.Inbound && AuthorKind == AuthorKind.System ? MessageKind.ChannelEvent
        : MessageKind.Message;

    /// <summary>For an activity entry: who did what.</summary>
    public ActivityEntry? Activity { get; init; }

    [JsonPropertyName("direction")]
    public Direction? ShownDirection => Kind == MessageKind.Message ? Direction : null;

    [JsonPropertyName("status")]
    public DeliveryStatus? ShownStatus => Kind == MessageKind.Message ? Status : null;

    public DateTimeOffset? ProviderTimestamp { get; init; }

    /// <summary>A place the customer shared.</summary>
    public Inbound.SharedLocation? Location { get; init; }

    /// <summary>Contact cards the customer shared.</summary>
    public IReadOnlyList<Inbound.SharedContact>? Contacts { get; init; }

    /// <summary>The message this one answers, when it was sent as a reply in context.</summary>
    public ReplyContext? ReplyTo { get; init; }

    /// <summary>The customers' current reactions to this message, one entry per person (see <see cref="MessageReactions.Current"/>).</summary>
    public IReadOnlyList<MessageReaction> Reactions { get; init; } = [];
}

/// <summary>
/// The message a reply answers: always the provider's id, and <see cref="MessageId"/>, ours, when that message is in this
/// conversation's thread (it may never be: a reply to a message from before the number was in Inbox).
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.ReplyContext")]
public sealed record ReplyContext(string ProviderMessageId, string? MessageId = null);

/// <summary>A person's current reaction to a message: the emoji (or emojis: Telegram allows several), who, and when by the provider's clock.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.MessageReaction")]
public sealed record MessageReaction(string Emoji, string ContactId, DateTimeOffset At);
