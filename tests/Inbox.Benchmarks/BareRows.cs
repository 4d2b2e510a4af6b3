using System.Data.Common;
using System.Diagnostics;
using Inbox.Actors;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Benchmarks;

/// <summary>
/// The rows one inbound message writes (message, list row, conversation state) in the real schema,
/// with the real statements, executed with nothing around them: commands prepared once, 1,000
/// messages per transaction, one connection, no grains, no group commit.
/// </summary>
internal static class BareRows
{
    public static async Task<double> RunAsync(Database database, double seconds, int perTransaction = 1_000)
    {
        await Schema.CreateAsync(database);
        await using var connection = await database.OpenAsync();
        // The same settings as the group committer's writer connection, so only the runtime differs.
        if (database.Provider == StorageProvider.Sqlite) Execute(connection, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;");
        var commands = new Dictionary<string, DbCommand>();
        var versions = new long[1_000];
        long messages = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var tx = connection.BeginTransaction();
            for (var i = 0; i < perTransaction; i++, messages++)
            {
                foreach (var write in Rows(messages, versions)) Run(database, connection, tx, commands, write);
            }
            tx.Commit();
        }
        foreach (var command in commands.Values) command.Dispose();
        return messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same rows through the group committer, from many writers at once, with no grains around them.</summary>
    public static async Task<double> CommitterAsync(Database database, GroupCommitter committer, double seconds)
    {
        await Schema.CreateAsync(database);
        var versions = new long[1_000];
        long next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(slot => Task.Run(async () =>
        {
            long own = slot;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await committer.CommitAsync(Rows(own, versions));
                Interlocked.Increment(ref next);
                own += 1_000;
            }
        })));
        return next / clock.Elapsed.TotalSeconds;
    }

    private static SqlWrite[] Rows(long messages, long[] versions)
    {
        const string payload = "{\"format\":1,\"brandId\":\"brd_0dcdc0ab12c04031ae9986e9\",\"numberKey\":\"sms:+12065550100\",\"channel\":\"Sms\",\"contactId\":\"cnt_31ad5a5046f94f4b85ba123e\",\"contactName\":null,\"contactAddress\":\"+12065550483\",\"teamId\":null,\"assigneeId\":null,\"status\":\"Open\",\"snoozedUntil\":null,\"unread\":19,\"lastInboundAt\":\"2026-11-22T08:00:28.3568008+00:00\",\"lastActivityAt\":\"2026-11-22T08:00:28.3568027+00:00\",\"preview\":\"steady\",\"nextSequence\":20,\"createdAt\":\"2026-11-22T08:00:25.0254145+00:00\"}";
        var slot = (int)(messages % 1_000);
        var conversation = "cnv_" + slot;
        var now = DateTimeOffset.UtcNow;
        var message = new MessageView(Guid.NewGuid().ToString("N"), conversation, messages, Direction.Inbound, AuthorKind.Contact, "cnt_" + slot,
            "Is my order shipped?", [], false, DeliveryStatus.Received, null, null, null, now);
        var row = new ConversationRow(conversation, "brd", Channel.Sms, "sms:+12065550100", "cnt_" + slot, null, "+1206555" + slot, null, null,
            ConversationStatus.Open, null, 1, now, now, "Is my order shipped?");
        var version = Interlocked.Increment(ref versions[slot]) - 1;
        return
        [
            version == 0
                ? new SqlWrite("INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5, 1, $6)",
                    "bare", "Conversation", conversation, "conversation", payload, now) { Postgres = "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5::jsonb, 1, $6)" }
                : new SqlWrite("UPDATE grain_state SET payload = $5, version = version + 1, modified_at = $6 WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7",
                    "bare", "Conversation", conversation, "conversation", payload, now, version) { Postgres = "UPDATE grain_state SET payload = $5::jsonb, version = version + 1, modified_at = $6 WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7" },
            MessageRows.Insert(message, "brd", "sms:+12065550100", Guid.NewGuid().ToString("N")),
            MessageRows.Upsert(row, now),
        ];
    }

    private static void Run(Database database, DbConnection connection, DbTransaction tx, Dictionary<string, DbCommand> commands, SqlWrite write)
    {
        var sql = database.SqlFor(write);
        if (!commands.TryGetValue(sql, out var command)) commands[sql] = command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        database.Bind(command, write.Args);
        command.ExecuteNonQuery();
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
