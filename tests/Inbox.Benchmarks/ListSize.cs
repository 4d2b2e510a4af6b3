using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Inbox.Silo.Storage;

namespace Inbox.Benchmarks;

/// <summary>
/// Issue 15's list at size: the inbox's first page and each filter change an agent makes, through
/// <see cref="ConversationQueries.ListAsync"/> as the inbox page calls it, with 100,000 conversations in one brand spread
/// over channels, numbers, teams, assignees and statuses as a busy brand's are (<see cref="ListSeed"/>).
/// </summary>
internal static class ListSize
{
    private const int Runs = 50;

    public static async Task RunAsync(string store, Database database, Report report)
    {
        await Schema.CreateAsync(database);
        var seeding = Stopwatch.StartNew();
        var seeded = await ListSeed.SeedAsync(database);
        report.Row($"{store}: seeding (bulk INSERT … SELECT, one transaction, then ANALYZE)", $"{seeding.Elapsed.TotalSeconds:N1} s", "",
            $"{seeded.Conversations:N0} conversations, {seeded.Messages:N0} messages, {seeded.ReadMarks:N0} read marks");

        var queries = new ConversationQueries(new Rows(database));
        var supervisor = new Caller("sue", "agt_sue", false, new Dictionary<string, BrandAccess> { [ListSeed.Brand] = new(Role.Supervisor, []) });
        // An agent of the biggest team, who has read some of its threads: their unread is counted per row (they monitor).
        var agent = new Caller("ann", ListSeed.Agent, false, new Dictionary<string, BrandAccess> { [ListSeed.Brand] = new(Role.Agent, [ListSeed.AgentTeam]) });
        var open = ConversationStatus.Open;
        var cases = new (string Name, Func<Task<int>> Query)[]
        {
            ("first page: a supervisor's inbox (open, all they may see)", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, open), null, 50))),
            ("first page: an agent's inbox (open, their team's or theirs; unread per row)", () => Count(queries.ListAsync(agent, new ConversationFilter(ListSeed.Brand, open), null, 50))),
            ("filter → mine", () => Count(queries.ListAsync(agent, new ConversationFilter(ListSeed.Brand, open, AssigneeId: ListSeed.Agent), null, 50))),
            ("filter → unassigned", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, open, Unassigned: true), null, 50))),
            ("filter → a team", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, open, TeamId: "team_3"), null, 50))),
            ("filter → channel Telegram (10 %)", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, open, Channel: Channel.Telegram), null, 50))),
            ("filter → one WhatsApp number", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, open, NumberKey: ListSeed.NumberKeys[1]), null, 50))),
            ("filter → status snoozed (5 %)", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, ConversationStatus.Snoozed), null, 50))),
            ("filter → status resolved (60 %)", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand, ConversationStatus.Resolved), null, 50))),
            ("filter → any status", () => Count(queries.ListAsync(supervisor, new ConversationFilter(ListSeed.Brand), null, 50))),
            ("filter → Telegram and a team, agent's view", () => Count(queries.ListAsync(agent, new ConversationFilter(ListSeed.Brand, open, Channel: Channel.Telegram, TeamId: ListSeed.AgentTeam), null, 50))),
            ("load more: the agent's second page", async () =>
            {
                var first = await queries.ListAsync(agent, new ConversationFilter(ListSeed.Brand, open), null, 50);
                return (await queries.ListAsync(agent, new ConversationFilter(ListSeed.Brand, open), first.Next, 50)).Items.Count;
            }),
        };
        var worst = 0.0;
        foreach (var (name, query) in cases)
        {
            var rows = 0;
            for (var i = 0; i < 5; i++) rows = await query();
            var times = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await query();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var (p50, p99, max) = (times[times.Count / 2], times[(int)(times.Count * 0.99)], times[^1]);
            worst = Math.Max(worst, max);
            report.Row($"{store}: {name}", $"p50 {p50:N1} ms, p99 {p99:N1} ms", max <= 100 ? "≤ 100 ms: met" : "≤ 100 ms: NOT met",
                $"{rows} rows; max {max:N1} ms of {Runs} runs");
        }
        Console.WriteLine($"{store}: slowest single query {worst:N1} ms");
    }

    private static async Task<int> Count(Task<Page<ConversationRow>> page) => (await page).Items.Count;
}

/// <summary>
/// The one place that seeds a brand of 100,000 conversations straight into the projection tables (conversations,
/// messages, read_marks) with set-based INSERT … SELECT, in a distribution like a busy brand's: 8 numbers on 4 channels
/// (WhatsApp 50 %, SMS 30 %, Messenger 10 %, Telegram 10 %), 4 teams (40/30/20/10 %), 32 agents (8 per team), statuses
/// open 20 % (60 % among the newest tenth), pending 10 %, snoozed 5 %, resolved the rest, 15 % of them unassigned (half
/// of the open ones), activity over 90 days, 1 to 4 messages each. A change of the list's sort (a new column such as the
/// waiting time) is seeded here and nowhere else.
/// </summary>
internal static class ListSeed
{
    public const int Conversations = 100_000;
    public const string Brand = "brd_bench";
    public const string AgentTeam = "team_1";
    public const string Agent = "agt_1_0";

    public static readonly string[] NumberKeys =
    [
        "whatsapp:106540352242921", "whatsapp:106540352242922", "whatsapp:106540352242923",
        "sms:+12065550100", "sms:+12065550101", "sms:+12065550102", "messenger:104882211930", "telegram:7700112233",
    ];

    private const long Start = 1_760_000_000_000; // 90 days before End
    private const long Span = 90L * 24 * 3600 * 1000;

    public sealed record Seeded(long Conversations, long Messages, long ReadMarks);

    public static async Task<Seeded> SeedAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var series = string.Format(CultureInfo.InvariantCulture, database.Provider == StorageProvider.Postgres
            ? "SELECT CAST(g AS bigint) AS n FROM generate_series(1, {0}) AS g"
            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {0}) SELECT n FROM s", Conversations);
        // Three pseudo-random draws per conversation (0..999), near independent (each modulo its own prime), the same on both stores.
        var draws = $"SELECT n, (n * 7919 + 13) % 10007 % 1000 AS a, (n * 104729 + 7) % 10009 % 1000 AS b, (n * 15485863 + 3) % 10037 % 1000 AS c FROM ({series}) AS x";
        var number = $"""
            CASE WHEN a < 500 THEN CASE a % 3 WHEN 0 THEN '{NumberKeys[0]}' WHEN 1 THEN '{NumberKeys[1]}' ELSE '{NumberKeys[2]}' END
                 WHEN a < 800 THEN CASE a % 3 WHEN 0 THEN '{NumberKeys[3]}' WHEN 1 THEN '{NumberKeys[4]}' ELSE '{NumberKeys[5]}' END
                 WHEN a < 900 THEN '{NumberKeys[6]}' ELSE '{NumberKeys[7]}' END
            """;
        var channel = "CASE WHEN a < 500 THEN 'whatsapp' WHEN a < 800 THEN 'sms' WHEN a < 900 THEN 'messenger' ELSE 'telegram' END";
        var team = "CASE WHEN b < 400 THEN 1 WHEN b < 700 THEN 2 WHEN b < 900 THEN 3 ELSE 4 END";
        var openShare = $"CASE WHEN n > {Conversations * 9 / 10} THEN 600 ELSE 200 END";
        var status = $"""
            CASE WHEN c < {openShare} THEN 'open' WHEN c < {openShare} + 100 THEN 'pending' WHEN c < {openShare} + 150 THEN 'snoozed' ELSE 'resolved' END
            """;
        // Half the open ones wait unassigned; a few closed ones never had an agent.
        var assignee = $"CASE WHEN (c < {openShare} AND b % 2 = 0) OR (c >= {openShare} AND b % 20 = 1) THEN NULL ELSE 'agt_' || ({team}) || '_' || (a % 8) END";
        var at = $"{Start} + n * {Span / Conversations} + (b * 37) % 60000";
        // The customer wrote last (an odd number of messages, below) in a thread that is not resolved: it waits since that message.
        var waits = $"{status} <> 'resolved' AND c % 2 = 0";
        var waitingSince = $"{at} - (4 - c % 4) * 60000";
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO conversations (id, brand_id, channel, number_key, contact_id, contact_name, contact_address, team_id, assignee_id,
                                       status, snoozed_until, unread, last_inbound_at, last_activity_at, preview, created_at, waiting_since, waiting_order)
            SELECT 'cnv_' || n, '{Brand}', {channel}, {number}, 'cnt_' || n, 'Customer ' || n, '+1206' || (1000000 + n),
                   'team_' || ({team}), {assignee}, {status},
                   CASE WHEN {status} = 'snoozed' THEN {Start + Span * 2} ELSE NULL END,
                   CASE WHEN {status} = 'open' THEN c % 4 ELSE 0 END,
                   {at}, {at}, 'Hello, about my order ' || n || ': is there any news on when it ships?', {at} - 3600000,
                   CASE WHEN {waits} THEN {waitingSince} END,
                   CASE WHEN {waits} THEN {waitingSince} ELSE {Waiting.NotWaitingBase} - ({at}) END
            FROM ({draws}) AS d
            """);
        // 1 to 4 messages each, the customer's first; sequence numbers 1.. in order.
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO messages (id, conversation_id, seq, brand_id, number_key, direction, author_kind, author_id, body, media, is_private,
                                  status, status_rank, error_code, error_reason, provider_message_id, dedupe_key, sent_at, created_at)
            SELECT 'msg_' || n || '_' || k, 'cnv_' || n, k, '{Brand}', {number},
                   CASE WHEN k % 2 = 1 THEN 'inbound' ELSE 'outbound' END, CASE WHEN k % 2 = 1 THEN 'contact' ELSE 'agent' END,
                   CASE WHEN k % 2 = 1 THEN 'cnt_' || n ELSE 'agt_' || ({team}) || '_' || (a % 8) END,
                   'Message ' || k || ' of conversation ' || n, NULL, 0, CASE WHEN k % 2 = 1 THEN 'received' ELSE 'delivered' END, 0,
                   NULL, NULL, 'pm_' || n || '_' || k, 'seed-' || n || '-' || k, {at} - (5 - k) * 60000, {at} - (5 - k) * 60000
            FROM ({draws}) AS d, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS ks
            WHERE ks.k <= 1 + c % 4
            """);
        // The measured agent has read a third of their team's threads up to their first message.
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO read_marks (conversation_id, agent_id, read_seq, read_at)
            SELECT 'cnv_' || n, '{Agent}', 1, {at} FROM ({draws}) AS d WHERE ({team}) = 1 AND n % 3 = 0
            """);
        await tx.CommitAsync();
        await ExecuteAsync(connection, null, "ANALYZE");
        return new(await CountAsync(connection, "conversations"), await CountAsync(connection, "messages"), await CountAsync(connection, "read_marks"));
    }

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql) => Lists.ExecuteAsync(connection, tx, sql);
}
