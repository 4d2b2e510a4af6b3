using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inbox.Silo.Conversations;

/// <summary>The SQL that keeps the messages and conversations tables in step with the conversation grain.</summary>
public static class MessageRows
{
    public static SqlWrite Insert(MessageView m, string brandId, string numberKey, string? dedupeKey, Func<Exception>? onDuplicate = null) => new(
        """
        INSERT INTO messages (id, conversation_id, seq, brand_id, number_key, direction, author_kind, author_id, body, media, is_private,
                              status, status_rank, error_code, error_reason, provider_message_id, dedupe_key, sent_at, created_at, provider_at, activity,
                              extras, reply_to_provider_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
        ON CONFLICT DO NOTHING
        """,
        m.Id, m.ConversationId, m.Sequence, brandId, numberKey, Wire(m.Direction), Wire(m.AuthorKind), SqlValue.Of(m.AuthorId), SqlValue.Of(m.Text),
        m.Media.Count == 0 ? SqlNull.Text : JsonSerializer.Serialize(m.Media, Json), SqlValue.Of(m.IsPrivate), m.Status.Wire(), (long)m.Status.Rank(),
        SqlValue.Of(m.ErrorCode), SqlValue.Of(m.ErrorReason), SqlValue.Of(m.ProviderMessageId), SqlValue.Of(dedupeKey),
        m.SentAt.ToUnixTimeMilliseconds(), m.SentAt.ToUnixTimeMilliseconds(), SqlValue.Of(m.ProviderTimestamp),
        m.Activity is null ? SqlNull.Text : JsonSerializer.Serialize(m.Activity, Json),
        Extras.Of(m) is { } extras ? JsonSerializer.Serialize(extras, Json) : SqlNull.Text, SqlValue.Of(m.ReplyTo?.ProviderMessageId))
    {
        ExpectedRows = 1,
        Unexpected = onDuplicate,
    };

    /// <summary>The list row; <c>waiting_order</c> is <see cref="Waiting.Order"/>, the default sort's key.</summary>
    public static SqlWrite Upsert(ConversationRow c, DateTimeOffset createdAt) => new(
        """
        INSERT INTO conversations (id, brand_id, channel, number_key, contact_id, contact_name, contact_address, team_id, assignee_id,
                                   status, snoozed_until, unread, last_inbound_at, last_activity_at, preview, created_at, chat, waiting_since, waiting_order)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        ON CONFLICT (id) DO UPDATE SET team_id = excluded.team_id, assignee_id = excluded.assignee_id, status = excluded.status,
            snoozed_until = excluded.snoozed_until, unread = excluded.unread, last_inbound_at = excluded.last_inbound_at,
            last_activity_at = excluded.last_activity_at, preview = excluded.preview, waiting_since = excluded.waiting_since,
            waiting_order = excluded.waiting_order
        """,
        c.Id, c.BrandId, Channels.ChannelNames.Wire(c.Channel), c.NumberKey, c.ContactId, SqlValue.Of(c.ContactName), c.ContactAddress,
        SqlValue.Of(c.TeamId), SqlValue.Of(c.AssigneeId), Wire(c.Status), SqlValue.Of(c.SnoozedUntil), (long)c.Unread,
        SqlValue.Of(c.LastInboundAt), c.LastActivityAt.ToUnixTimeMilliseconds(), SqlValue.Of(c.Preview), createdAt.ToUnixTimeMilliseconds(), Wire(c.Chat),
        SqlValue.Of(c.WaitingSince), Waiting.Order(c.WaitingSince, c.LastActivityAt));

    /// <summary>One reaction event (its emoji "" when taken away); a redelivery of its key inserts nothing and fails the unit with <paramref name="onDuplicate"/>.</summary>
    public static SqlWrite Reaction(string numberKey, string dedupeKey, string conversationId, MessageReactions.Logged reaction, Func<Exception> onDuplicate) => new(
        """
        INSERT INTO message_reactions (number_key, dedupe_key, conversation_id, provider_message_id, contact_id, emoji, provider_at, received_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT DO NOTHING
        """,
        numberKey, dedupeKey, conversationId, reaction.ProviderMessageId, reaction.ContactId, reaction.Emoji,
        reaction.At.ToUnixTimeMilliseconds(), reaction.ReceivedAt.ToUnixTimeMilliseconds())
    {
        ExpectedRows = 1,
        Unexpected = onDuplicate,
    };

    /// <summary>What a message carries besides text and media, as its extras column keeps it.</summary>
    public sealed record Extras(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Inbound.SharedLocation? Location,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Inbound.SharedContact>? Contacts)
    {
        /// <summary>Null when the message carries none, so its column stays NULL.</summary>
        public static Extras? Of(MessageView m) =>
            m.Location is null && m.Contacts is not { Count: > 0 } ? null : new(m.Location, m.Contacts is { Count: > 0 } ? m.Contacts : null);
    }

    /// <summary>A member of a group conversation: recorded the first time they write.</summary>
    public static SqlWrite Member(string conversationId, string contactId, DateTimeOffset at) => new(
        "INSERT INTO conversation_members (conversation_id, contact_id, first_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        conversationId, contactId, at.ToUnixTimeMilliseconds());

    /// <summary>The rows (of the messages table, aliased <paramref name="m"/>) that are a customer's messages: what unread counts.</summary>
    public static string FromCustomer(string m) => $"{m}.direction = 'inbound' AND {m}.author_kind <> 'system' AND {m}.activity IS NULL";

    /// <summary>As far as an agent has read a thread: marks only move forward.</summary>
    public static SqlWrite ReadUpTo(string conversationId, string agentId, long sequence, DateTimeOffset at) => new(
        """
        INSERT INTO read_marks (conversation_id, agent_id, read_seq, read_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (conversation_id, agent_id) DO UPDATE SET read_seq = CASE WHEN excluded.read_seq > read_marks.read_seq THEN excluded.read_seq ELSE read_marks.read_seq END,
            read_at = excluded.read_at
        """,
        conversationId, agentId, sequence, at.ToUnixTimeMilliseconds());

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Wire<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
