using System.Data.Common;
using System.Diagnostics;
using Inbox.Silo.Access;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Inbox.Silo.Storage;

namespace Inbox.Benchmarks;

/// <summary>
/// First-page latency of the conversation list (filtered as the inbox filters it, and through an
/// agent's team scope) and of a long thread, at 100,000 conversations and a 10,000-message thread.
/// </summary>
internal static class Lists
{
    private const int Conversations = 100_000;
    private const int ThreadLength = 10_000;

    public static async Task RunAsync(string store, Database database, Report report)
    {
        await Schema.CreateAsync(database);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(database);
        Console.WriteLine($"seeded {Conversations:N0} conversations and a {ThreadLength:N0}-message thread in {seeding.Elapsed.TotalSeconds:N1} s");

        var queries = new ConversationQueries(new Rows(database));
        var supervisor = new Caller("sue", "agt_sue", false, new Dictionary<string, BrandAccess> { ["brd_bench"] = new(Role.Supervisor, []) });
        var agent = new Caller("ann", "agt_ann", false, new Dictionary<string, BrandAccess> { ["brd_bench"] = new(Role.Agent, ["team_1"]) });
        var cases = new (string Name, Func<Task> Query)[]
        {
            ("all of a brand", () => queries.ListAsync(supervisor, new ConversationFilter("brd_bench"), null, 50)),
            ("all of a brand, most recent first", () => queries.ListAsync(supervisor, new ConversationFilter("brd_bench"), null, 50, ConversationSort.Recent)),
            ("status = open", () => queries.ListAsync(supervisor, new ConversationFilter("brd_bench", ConversationStatus.Open), null, 50)),
            ("a team's open ones", () => queries.ListAsync(supervisor, new ConversationFilter("brd_bench", ConversationStatus.Open, TeamId: "team_2"), null, 50)),
            ("one agent's", () => queries.ListAsync(supervisor, new ConversationFilter("brd_bench", AssigneeId: "agt_7"), null, 50)),
            ("unassigned", () => queries.ListAsync(supervisor, new ConversationFilter("brd_bench", Unassigned: true), null, 50)),
            ("an agent's view (team or mine)", () => queries.ListAsync(agent, new ConversationFilter(), null, 50)),
            ("the owner's view (every brand)", () => queries.ListAsync(Caller.Owner(), new ConversationFilter(), null, 50)),
            ("the second page", async () =>
            {
                var first = await queries.ListAsync(supervisor, new ConversationFilter("brd_bench", ConversationStatus.Open), null, 50);
                await queries.ListAsync(supervisor, new ConversationFilter("brd_bench", ConversationStatus.Open), first.Next, 50);
            }),
            ("the second page, most recent first", async () =>
            {
                var first = await queries.ListAsync(supervisor, new ConversationFilter("brd_bench", ConversationStatus.Open), null, 50, ConversationSort.Recent);
                await queries.ListAsync(supervisor, new ConversationFilter("brd_bench", ConversationStatus.Open), first.Next, 50, ConversationSort.Recent);
            }),
            ($"thread of {ThreadLength:N0} messages, first page", () => queries.ThreadAsync(supervisor, "cnv_long", null, 50)),
        };
        foreach (var (name, query) in cases)
        {
            for (var i = 0; i < 3; i++) await query();
            var times = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await query();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var p50 = times[times.Count / 2];
            var max = times[^1];
            var order = name.StartsWith("thread", StringComparison.Ordinal) || name.EndsWith("most recent first", StringComparison.Ordinal) ? "newest first" : "longest waiting first";
            report.Row($"{store}: {name}", $"p50 {p50:N1} ms, max {max:N1} ms", max < 100 ? "< 100 ms: met" : "< 100 ms: NOT met", $"50 rows, {order}, 30 runs");
        }
    }

    private static async Task SeedAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var series = database.Provider == StorageProvider.Postgres
            ? "SELECT g AS n FROM generate_series(1, {0}) AS g"
            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {0}) SELECT n FROM s";
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO conversations (id, brand_id, channel, number_key, contact_id, contact_name, contact_address, team_id, assignee_id,
                                       status, snoozed_until, unread, last_inbound_at, last_activity_at, preview, created_at, waiting_since, waiting_order)
            SELECT 'cnv_' || n, 'brd_bench', 'sms', 'sms:+12065550100', 'cnt_' || n, 'Customer ' || n, '+1206' || (1000000 + n),
                   'team_' || (n % 5), CASE WHEN n % 3 = 0 THEN NULL ELSE 'agt_' || (n % 40) END,
                   CASE n % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'resolved' WHEN 2 THEN 'pending' ELSE 'open' END,
                   NULL, n % 3, 1700000000000 + n * 1000, 1700000000000 + n * 1000, 'Message ' || n, 1700000000000 + n * 1000,
                   -- Those with unread that are not resolved wait (about half of them); waiting_order as Waiting.Order has it.
                   CASE WHEN n % 3 <> 0 AND n % 4 <> 1 THEN 1700000000000 + n * 1000 END,
                   CASE WHEN n % 3 <> 0 AND n % 4 <> 1 THEN 1700000000000 + n * 1000 ELSE {Waiting.NotWaitingBase} - (1700000000000 + n * 1000) END
            FROM ({string.Format(System.Globalization.CultureInfo.InvariantCulture, series, Conversations)}) AS x
            """);
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO conversations (id, brand_id, channel, number_key, contact_id, contact_name, contact_address, team_id, assignee_id,
                                       status, snoozed_until, unread, last_inbound_at, last_activity_at, preview, created_at)
            VALUES ('cnv_long', 'brd_bench', 'sms', 'sms:+12065550100', 'cnt_long', 'Long talker', '+12069999999', 'team_1', NULL, 'open', NULL, 0, 1, 1, 'hi', 1)
            """);
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO messages (id, conversation_id, seq, brand_id, number_key, direction, author_kind, author_id, body, media, is_private,
                                  status, status_rank, error_code, error_reason, provider_message_id, dedupe_key, sent_at, created_at)
            SELECT 'msg_long_' || n, 'cnv_long', n, 'brd_bench', 'sms:+12065550100', CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END,
                   'contact', 'cnt_long', 'Message number ' || n || ' in a long thread', NULL, 0, 'received', 0, NULL, NULL, NULL, 'long-' || n,
                   1700000000000 + n * 1000, 1700000000000 + n * 1000
            FROM ({string.Format(System.Globalization.CultureInfo.InvariantCulture, series, ThreadLength)}) AS x
            """);
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO messages (id, conversation_id, seq, brand_id, number_key, direction, author_kind, author_id, body, media, is_private,
                                  status, status_rank, error_code, error_reason, provider_message_id, dedupe_key, sent_at, created_at)
            SELECT 'msg_' || n, 'cnv_' || n, 1, 'brd_bench', 'sms:+12065550100', 'inbound', 'contact', 'cnt_' || n, 'Message ' || n, NULL, 0,
                   'received', 0, NULL, NULL, NULL, 'seed-' || n, 1700000000000 + n * 1000, 1700000000000 + n * 1000
            FROM ({string.Format(System.Globalization.CultureInfo.InvariantCulture, series, Conversations)}) AS x
            """);
        await tx.CommitAsync();
        await ExecuteAsync(connection, null, "ANALYZE");
    }

    /// <summary>One seeding statement, with the long timeout bulk inserts need (ListSeed uses it too).</summary>
    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }
}
