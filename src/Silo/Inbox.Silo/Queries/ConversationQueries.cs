using System.Data.Common;
using System.Text.Json;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Queries;

public sealed record ConversationFilter(
    string? BrandId = null, ConversationStatus? Status = null, Channel? Channel = null, string? NumberKey = null,
    string? AssigneeId = null, string? TeamId = null, bool Unassigned = false, string? ContactId = null);

/// <summary>The list's orders: <see cref="ConversationSort.Waiting"/> (the default) as <see cref="Conversations.Waiting.Order"/> puts it, <see cref="ConversationSort.Recent"/> by last activity, newest first.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WireEnum<ConversationSort>))]
public enum ConversationSort
{
    Waiting,
    Recent,
}

public sealed record SearchResults(IReadOnlyList<MessageHit> Messages, IReadOnlyList<ContactHit> Contacts);

public sealed record MessageHit(string ConversationId, string BrandId, string MessageId, string? Text, DateTimeOffset SentAt);

public sealed record ContactHit(string ContactId, string BrandId, string? Name, string Identity);

/// <summary>The list, the thread and search, each limited by <see cref="Visibility"/> inside the query.</summary>
public sealed class ConversationQueries(Rows rows)
{
    /// <summary>
    /// The list row's columns; unread is the caller's: the thread's own count for its assignee (and for keys and the owner),
    /// and for any other agent what came from the customer since they last read it.
    /// </summary>
    /// <summary>A monitoring agent's unread stops counting here (shown as "100+"), so a long unread thread costs a list row no more than this.</summary>
    public const int MonitorUnreadCap = 100;

    private static string RowColumns(Sql sql, Caller caller)
    {
        var unread = "c.unread";
        if (caller.AgentId is { } agent)
        {
            var me = sql.Param(agent);
            unread = $"""
                CASE WHEN c.assignee_id = {me} THEN c.unread ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND {MessageRows.FromCustomer("m")}
                    AND m.seq > COALESCE((SELECT r.read_seq FROM read_marks r WHERE r.conversation_id = c.id AND r.agent_id = {me}), 0) LIMIT {MonitorUnreadCap}) u) END
                """;
        }
        return "c.id, c.brand_id, c.channel, c.number_key, c.contact_id, c.contact_name, c.contact_address, c.team_id, c.assignee_id, " +
               $"c.status, c.snoozed_until, {unread}, c.last_inbound_at, c.last_activity_at, c.preview, c.chat, c.waiting_since";
    }

    public async Task<Page<ConversationRow>> ListAsync(Caller caller, ConversationFilter filter, string? cursor, int limit, ConversationSort sort = ConversationSort.Waiting)
    {
        limit = Math.Clamp(limit, 1, 200);
        var sql = new Sql();
        Scope(sql, caller, "c");
        if (filter.BrandId is { } brand) sql.Where($"c.brand_id = {sql.Param(brand)}");
        if (filter.Status is { } status) sql.Where($"c.status = {sql.Param(MessageRows.Wire(status))}");
        if (filter.Channel is { } channel) sql.Where($"c.channel = {sql.Param(channel.Wire())}");
        if (filter.NumberKey is { } number) sql.Where($"c.number_key = {sql.Param(number)}");
        if (filter.AssigneeId is { } assignee) sql.Where($"c.assignee_id = {sql.Param(assignee)}");
        if (filter.TeamId is { } team) sql.Where($"c.team_id = {sql.Param(team)}");
        if (filter.ContactId is { } contact) sql.Where($"c.contact_id = {sql.Param(contact)}");
        if (filter.Unassigned) sql.Where("c.assignee_id IS NULL");
        if (sort == ConversationSort.Recent)
        {
            if (cursor is not null)
            {
                var (time, id) = Cursor.Decode(cursor);
                if (id.StartsWith(WaitingCursor, StringComparison.Ordinal)) throw SortMismatch();
                var t = sql.Param(time);
                sql.Where($"c.last_activity_at < {t} OR (c.last_activity_at = {t} AND c.id < {sql.Param(id)})");
            }
            var recent = await rows.QueryAsync(
                $"SELECT {RowColumns(sql, caller)} FROM conversations c {sql.WhereClause} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT {limit + 1}",
                sql.Args, ReadRow);
            return Paged(recent, limit, r => Cursor.Encode(r.LastActivityAt.ToUnixTimeMilliseconds(), r.Id));
        }
        if (cursor is not null)
        {
            // A waiting cursor carries the row's waiting_order and its id marked as this order's, so a cursor of the other order is refused, not misread.
            var (order, marked) = Cursor.Decode(cursor);
            if (!marked.StartsWith(WaitingCursor, StringComparison.Ordinal)) throw SortMismatch();
            var o = sql.Param(order);
            sql.Where($"c.waiting_order > {o} OR (c.waiting_order = {o} AND c.id > {sql.Param(marked[WaitingCursor.Length..])})");
        }
        var items = await rows.QueryAsync(
            $"SELECT {RowColumns(sql, caller)} FROM conversations c {sql.WhereClause} ORDER BY c.waiting_order, c.id LIMIT {limit + 1}",
            sql.Args, ReadRow);
        return Paged(items, limit, r => Cursor.Encode(Waiting.Order(r.WaitingSince, r.LastActivityAt), WaitingCursor + r.Id));
    }

    private const string WaitingCursor = "waiting:";

    private static DomainException SortMismatch() =>
        Refuse.Invalid("bad_cursor", "The page cursor belongs to the list in another sort: pass the same sort as the page it came from.", "cursor");

    public async Task<ConversationRow?> GetAsync(Caller caller, string conversationId)
    {
        var sql = new Sql();
        Scope(sql, caller, "c");
        sql.Where($"c.id = {sql.Param(conversationId)}");
        return (await rows.QueryAsync($"SELECT {RowColumns(sql, caller)} FROM conversations c {sql.WhereClause}", sql.Args, ReadRow)).FirstOrDefault();
    }

    /// <summary>Whether the caller may see the conversation, without computing its row.</summary>
    public async Task<bool> CanSeeAsync(Caller caller, string conversationId)
    {
        var sql = new Sql();
        Scope(sql, caller, "c");
        sql.Where($"c.id = {sql.Param(conversationId)}");
        return (await rows.QueryAsync($"SELECT 1 FROM conversations c {sql.WhereClause}", sql.Args, r => r.GetInt64(0))).Count > 0;
    }

    /// <summary>A thread page, newest first, in the providers' time order. Null when the caller may not see the conversation.</summary>
    public async Task<Page<MessageView>?> ThreadAsync(Caller caller, string conversationId, string? cursor, int limit)
    {
        if (!await CanSeeAsync(caller, conversationId)) return null;
        limit = Math.Clamp(limit, 1, 200);
        var sql = new Sql();
        sql.Where($"m.conversation_id = {sql.Param(conversationId)}");
        if (cursor is not null)
        {
            var (time, seq) = Cursor.Decode(cursor);
            var t = sql.Param(time);
            sql.Where($"m.sent_at < {t} OR (m.sent_at = {t} AND m.seq < {sql.Param(long.Parse(seq, System.Globalization.CultureInfo.InvariantCulture))})");
        }
        var items = await rows.QueryAsync(
            $"""
            SELECT m.id, m.conversation_id, m.seq, m.direction, m.author_kind, m.author_id, m.body, m.media, m.is_private, m.status, m.error_code,
                   m.error_reason, m.provider_message_id, m.sent_at, {HeldUntil}, m.provider_at, m.activity, m.extras, m.reply_to_provider_id, {ReplyToId}
            FROM messages m LEFT JOIN outbox o ON o.message_id = m.id {sql.WhereClause} ORDER BY m.sent_at DESC, m.seq DESC LIMIT {limit + 1}
            """,
            sql.Args, ReadMessage);
        var page = Paged(items, limit, m => Cursor.Encode(m.SentAt.ToUnixTimeMilliseconds(), m.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return await WithReactionsAsync(conversationId, page);
    }

    /// <summary>The reaction events (oldest first) kept for the messages of a conversation that the provider calls <paramref name="providerMessageIds"/>.</summary>
    public static Task<List<MessageReactions.Logged>> ReactionsAsync(Rows rows, string conversationId, IReadOnlyCollection<string> providerMessageIds)
    {
        var sql = new Sql();
        sql.Where($"r.conversation_id = {sql.Param(conversationId)}").Where($"r.provider_message_id IN ({sql.In(providerMessageIds)})");
        return rows.QueryAsync(
            $"SELECT r.provider_message_id, r.contact_id, r.emoji, r.provider_at, r.received_at FROM message_reactions r {sql.WhereClause}",
            sql.Args, r => new MessageReactions.Logged(r.GetString(0), r.GetString(1), r.GetString(2), r.TimeOrEpoch(3), r.TimeOrEpoch(4)));
    }

    private async Task<Page<MessageView>> WithReactionsAsync(string conversationId, Page<MessageView> page)
    {
        var reacted = page.Items.Select(m => m.ProviderMessageId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (reacted.Length == 0) return page;
        var current = MessageReactions.Current(await ReactionsAsync(rows, conversationId, reacted));
        if (current.Count == 0) return page;
        return page with
        {
            Items = page.Items.Select(m => m.ProviderMessageId is { } p && current.TryGetValue(p, out var reactions) ? m with { Reactions = reactions } : m).ToArray(),
        };
    }

    public async Task<SearchResults> SearchAsync(Caller caller, string query, int limit = 20)
    {
        var text = query.Trim();
        if (text.Length < 2) throw Refuse.Invalid("short_query", "Search for at least two characters.", "q");
        var messages = new Sql();
        Scope(messages, caller, "c");
        messages.Where($"lower(m.body) LIKE {messages.Param(Sql.Contains(text))} ESCAPE '\\' AND m.activity IS NULL");
        var messageHits = await rows.QueryAsync(
            $"""
            SELECT m.conversation_id, m.brand_id, m.id, m.body, m.sent_at FROM messages m JOIN conversations c ON c.id = m.conversation_id
            {messages.WhereClause} ORDER BY m.sent_at DESC LIMIT {Math.Clamp(limit, 1, 100)}
            """,
            messages.Args, r => new MessageHit(r.GetString(0), r.GetString(1), r.GetString(2), r.Text(3), r.TimeOrEpoch(4)));

        var contacts = new Sql();
        ContactScope(contacts, caller, "k");
        var pattern = contacts.Param(Sql.Contains(text));
        contacts.Where($"lower(k.name) LIKE {pattern} ESCAPE '\\' OR lower(i.value) LIKE {pattern} ESCAPE '\\'");
        var contactHits = await rows.QueryAsync(
            $"""
            SELECT DISTINCT k.id, k.brand_id, k.name, i.kind || ':' || i.value FROM contacts k JOIN contact_identities i ON i.contact_id = k.id
            {contacts.WhereClause} ORDER BY k.name LIMIT {Math.Clamp(limit, 1, 100)}
            """,
            contacts.Args, r => new ContactHit(r.GetString(0), r.GetString(1), r.Text(2), r.GetString(3)));
        return new SearchResults(messageHits, contactHits);
    }

    /// <summary>Whether the caller may see a contact: in a brand they see whole, or through a conversation they may see.</summary>
    public async Task<bool> CanSeeContactAsync(Caller caller, string contactId)
    {
        var sql = new Sql();
        ContactScope(sql, caller, "k");
        sql.Where($"k.id = {sql.Param(contactId)}");
        return (await rows.QueryAsync($"SELECT 1 FROM contacts k {sql.WhereClause}", sql.Args, r => r.GetInt64(0))).Count > 0;
    }

    /// <summary>
    /// The visibility policy for contacts (aliased <paramref name="k"/>): a team-limited agent sees a contact only through a
    /// conversation they may see, the contact's own or a group's it is a member of.
    /// </summary>
    public static void ContactScope(Sql sql, Caller caller, string k)
    {
        var scope = Visibility.ScopeOf(caller);
        if (scope.Brands is not { } brands) return;
        if (brands.Count == 0)
        {
            sql.Where("1 = 0");
            return;
        }
        sql.Where($"{k}.brand_id IN ({sql.In(brands)})");
        foreach (var limited in scope.TeamLimited)
        {
            var mine = new List<string>();
            if (limited.Teams.Count > 0) mine.Add($"c.team_id IN ({sql.In(limited.Teams)})");
            if (limited.AgentId is { } agent) mine.Add($"c.assignee_id = {sql.Param(agent)}");
            var allowed = mine.Count == 0 ? "1 = 0" : string.Join(" OR ", mine);
            sql.Where($"""
                {k}.brand_id <> {sql.Param(limited.BrandId)} OR EXISTS (SELECT 1 FROM conversations c
                    WHERE (c.contact_id = {k}.id OR c.id IN (SELECT m.conversation_id FROM conversation_members m WHERE m.contact_id = {k}.id)) AND ({allowed}))
                """);
        }
    }

    /// <summary>The visibility policy as SQL over the conversations table aliased <paramref name="c"/>.</summary>
    public static void Scope(Sql sql, Caller caller, string c)
    {
        var scope = Visibility.ScopeOf(caller);
        if (scope.Brands is not { } brands) return;
        if (brands.Count == 0)
        {
            sql.Where("1 = 0");
            return;
        }
        sql.Where($"{c}.brand_id IN ({sql.In(brands)})");
        foreach (var limited in scope.TeamLimited)
        {
            var mine = new List<string>();
            if (limited.Teams.Count > 0) mine.Add($"{c}.team_id IN ({sql.In(limited.Teams)})");
            if (limited.AgentId is { } agent) mine.Add($"{c}.assignee_id = {sql.Param(agent)}");
            var allowed = mine.Count == 0 ? "1 = 0" : string.Join(" OR ", mine);
            sql.Where($"{c}.brand_id <> {sql.Param(limited.BrandId)} OR {allowed}");
        }
    }

    private static Page<T> Paged<T>(List<T> items, int limit, Func<T, string> cursorOf) =>
        items.Count > limit ? new Page<T>(items[..limit], cursorOf(items[limit - 1])) : new Page<T>(items, null);

    private static ConversationRow ReadRow(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), ChannelNames.ParseChannel(r.GetString(2)), r.GetString(3), r.GetString(4), r.Text(5), r.GetString(6),
        r.Text(7), r.Text(8), Enum.Parse<ConversationStatus>(r.GetString(9), true), r.Time(10), (int)r.GetInt64(11), r.Time(12), r.TimeOrEpoch(13), r.Text(14),
        Enum.Parse<ChatKind>(r.GetString(15), true), r.Time(16));

    /// <summary>A queued message that waits, unattempted, past its queue time is held by quiet hours until then.</summary>
    private const string HeldUntil = "CASE WHEN o.attempts = 0 AND o.next_attempt_at > o.first_queued_at THEN o.next_attempt_at END";

    private static MessageView ReadMessage(DbDataReader r)
    {
        var extras = r.Text(17) is { } json ? JsonSerializer.Deserialize<MessageRows.Extras>(json, MessageRows.Json) : null;
        return new(
            r.GetString(0), r.GetString(1), r.GetInt64(2), Enum.Parse<Direction>(r.GetString(3), true), Enum.Parse<AuthorKind>(r.GetString(4), true),
            r.Text(5), r.Text(6), r.Text(7) is { } media ? JsonSerializer.Deserialize<List<MediaRef>>(media, MessageRows.Json) ?? [] : [],
            r.GetInt64(8) != 0, DeliveryStatuses.Parse(r.GetString(9)), r.Text(10), r.Text(11), r.Text(12), r.TimeOrEpoch(13), r.Time(14))
        {
            ProviderTimestamp = r.Time(15),
            Activity = r.Text(16) is { } activity ? JsonSerializer.Deserialize<ActivityEntry>(activity, MessageRows.Json) : null,
            Location = extras?.Location,
            Contacts = extras?.Contacts,
            ReplyTo = r.Text(18) is { } replyTo ? new ReplyContext(replyTo, r.Text(19)) : null,
        };
    }

    /// <summary>
    /// Our id of the message a reply answers, when it is in the same thread: looked up as the thread is read, so a reply
    /// that arrived before the message it answers (webhooks are unordered) still finds it.
    /// </summary>
    private const string ReplyToId = """
        CASE WHEN m.reply_to_provider_id IS NULL THEN NULL ELSE (SELECT t.id FROM messages t
            WHERE t.number_key = m.number_key AND t.provider_message_id = m.reply_to_provider_id AND t.conversation_id = m.conversation_id ORDER BY t.seq LIMIT 1) END
        """;
}
