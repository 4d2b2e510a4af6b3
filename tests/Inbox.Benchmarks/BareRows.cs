using System.Data.Common;
using System.Diagnostics;
using Inbox.Silo;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Benchmarks;

/// <summary>
/// The rows one inbound message writes (message, list row, conversation state) in the real schema,
/// with the real statements through the group committer's own statement runner, executed with
/// nothing around them: 1,000 messages per transaction, one connection, no grains, no group commit. Ids have the real path's
/// shapes and lengths (<see cref="Ids.New"/>), so rows and index entries are the same size.
/// </summary>
internal static class BareRows
{
    private static readonly string Brand = Ids.New("brd");
    private static readonly string[] ConversationIds = Enumerable.Range(0, 1_000).Select(_ => Ids.New("cnv")).ToArray();
    private static readonly string[] ContactIds = Enumerable.Range(0, 1_000).Select(_ => Ids.New("cnt")).ToArray();

    /// <summary>
    /// Messages every run writes before it is measured, so each starts from a database of the same
    /// size (index depth and spread, hence pages written per transaction, grow with it).
    /// </summary>
    public const int Preload = 40_000;

    public static async Task<double> RunAsync(Database database, double seconds, int perTransaction = 1_000)
    {
        await Schema.CreateAsync(database);
        await using var connection = await database.OpenAsync();
        // The same settings as the group committer's writer connection, so only the runtime differs.
        if (database.Provider == StorageProvider.Sqlite) Execute(connection, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;");
        var statements = database.CreateStatements(connection);
        var versions = new long[1_000];
        long messages = 0;
        async Task Batch()
        {
            await using var tx = await connection.BeginTransactionAsync();
            for (var i = 0; i < perTransaction; i++, messages++)
            {
                foreach (var write in Rows(messages, versions)) await statements.ExecuteAsync(database.SqlFor(write), write.Args, tx);
            }
            await tx.CommitAsync();
        }

        while (messages < Preload) await Batch();
        var measured = messages;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds) await Batch();
        await statements.DisposeAsync();
        return (messages - measured) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same rows through the group committer, from many writers at once, with no grains around them.</summary>
    public static async Task<(double Rate, ProcessCpu Cpu)> CommitterAsync(Database database, GroupCommitter committer, double seconds)
    {
        await Schema.CreateAsync(database);
        var versions = new long[1_000];
        var next = new long[1_000];
        long count = 0;
        async Task Phase(Func<bool> more) => await Task.WhenAll(Enumerable.Range(0, 1_000).Select(slot => Task.Run(async () =>
        {
            while (more())
            {
                await committer.CommitAsync(Rows(slot + 1_000 * next[slot]++, versions));
                Interlocked.Increment(ref count);
            }
        })));

        await Phase(() => Interlocked.Read(ref count) < Preload);
        var measured = Interlocked.Read(ref count);
        var before = ProcessCpu.Read();
        var clock = Stopwatch.StartNew();
        await Phase(() => clock.Elapsed.TotalSeconds < seconds);
        var elapsed = clock.Elapsed.TotalSeconds;
        return ((count - measured) / elapsed, ProcessCpu.Read() - before);
    }

    private static SqlWrite[] Rows(long messages, long[] versions)
    {
        const string payload = "{\"format\":1,\"brandId\":\"brd_0dcdc0ab12c04031ae9986e9\",\"numberKey\":\"sms:+12065550100\",\"channel\":\"Sms\",\"contactId\":\"cnt_31ad5a5046f94f4b85ba123e\",\"contactName\":null,\"contactAddress\":\"+12065550483\",\"teamId\":null,\"assigneeId\":null,\"status\":\"Open\",\"snoozedUntil\":null,\"unread\":19,\"lastInboundAt\":\"2026-11-22T08:00:28.3568008+00:00\",\"lastActivityAt\":\"2026-11-22T08:00:28.3568027+00:00\",\"preview\":\"steady\",\"nextSequence\":20,\"createdAt\":\"2026-11-22T08:00:25.0254145+00:00\"}";
        var slot = (int)(messages % 1_000);
        var conversation = ConversationIds[slot];
        var now = DateTimeOffset.UtcNow;
        var message = new MessageView(Ids.New("msg"), conversation, messages / 1_000, Direction.Inbound, AuthorKind.Contact, ContactIds[slot],
            "Is my order shipped?", [], false, DeliveryStatus.Received, null, null, null, now);
        var row = new ConversationRow(conversation, Brand, Channel.Sms, "sms:+12065550100", ContactIds[slot], null, $"+1206555{slot:0000}", null, null,
            ConversationStatus.Open, null, 1, now, now, "Is my order shipped?");
        var version = Interlocked.Increment(ref versions[slot]) - 1;
        return
        [
            StateRows.Write("bench", "Conversation", conversation, "conversation", payload, version == 0 ? null : version, now.ToUnixTimeMilliseconds()),
            MessageRows.Insert(message, Brand, "sms:+12065550100", Guid.NewGuid().ToString("N")),
            MessageRows.Upsert(row, now),
        ];
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
