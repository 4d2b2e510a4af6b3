using Inbox.Silo.Access;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Inbox.Storage.Tests;

namespace Inbox.Silo.Tests.Threads;

/// <summary>
/// The list's waiting time and its default order, longest-waiting first, through real grains and the real store: paged across
/// pages in both orders, and worked out by the 0034 migration for threads that were there before it.
/// </summary>
public abstract class WaitingConformance
{
    protected abstract string Store { get; }

    /// <summary>Eight threads, one minute apart (<see cref="T0"/> the first): four waiting, four not, one of them resolved and one resolved and reopened.</summary>
    private sealed class Threads(Domain domain, FakeTimeProvider time, DateTimeOffset t0)
    {
        public Domain Domain { get; set; } = domain;

        public DateTimeOffset T0 { get; } = t0;

        public Dictionary<string, string> Ids { get; } = [];

        public DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

        public async Task WritesAsync(string name, int at, DateTimeOffset? dated = null)
        {
            if (time.GetUtcNow() < At(at)) To(at);
            var from = "+1425555" + (1000 + int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture));
            await Domain.Inbound.ProcessAsync(Domain.Message(from, $"{name} at {at}", at: dated ?? At(at)));
            Ids.TryAdd(name, (await Domain.OnlyConversationAsync(from)).Id);
        }

        public IConversationGrain Grain(string name) => Domain.Grains.GetGrain<IConversationGrain>(Ids[name]);

        public void To(int minutes) => time.Advance(At(minutes) - time.GetUtcNow());

        public string[] Names(IEnumerable<ConversationRow> rows) => rows.Select(r => Ids.Single(i => i.Value == r.Id).Key).ToArray();
    }

    private async Task<Threads> ThreadsAsync()
    {
        var start = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var domain = await Domain.StartAsync(Store, time);
        var t = new Threads(domain, time, start.AddMinutes(1));
        var ann = (await domain.NewAgentAsync("Ann", Role.Agent)).Caller;

        await t.WritesAsync("c1", 0);
        await t.WritesAsync("c2", 1);
        await t.WritesAsync("c3", 2);
        await t.Grain("c3").Send(ann, new Outgoing("on it"));
        await t.WritesAsync("c4", 3);
        await t.Grain("c4").Send(ann, new Outgoing("a note is not an answer", IsPrivate: true));
        await t.WritesAsync("c5", 4);
        await t.Grain("c5").Send(Caller.Owner(), new Outgoing("the owner answers too"));
        await t.WritesAsync("c1", 5);
        await t.WritesAsync("c6", 6);
        t.To(7);
        await t.Grain("c6").Update(ann, new ConversationChange(ConversationStatus.Resolved));
        await t.WritesAsync("c8", 8);
        t.To(9);
        await t.Grain("c8").Update(ann, new ConversationChange(ConversationStatus.Resolved));
        t.To(10);
        await t.Grain("c8").Update(ann, new ConversationChange(ConversationStatus.Open));
        // The provider dates c7's second message before its first and before everyone else's: it arrived late.
        await t.WritesAsync("c7", 11);
        await t.WritesAsync("c7", 11, dated: t.At(-1));
        return t;
    }

    private static readonly string[] ByWaiting = ["c7", "c1", "c2", "c4", "c8", "c6", "c5", "c3"];

    private static readonly string[] ByRecent = ["c7", "c8", "c6", "c1", "c5", "c4", "c3", "c2"];

    private static async Task<List<ConversationRow>> AllPagesAsync(Domain domain, ConversationSort sort, ConversationFilter? filter = null, int limit = 3)
    {
        var rows = new List<ConversationRow>();
        string? cursor = null;
        do
        {
            var page = await domain.Conversations.ListAsync(Caller.Owner(), filter ?? new ConversationFilter(domain.BrandId), cursor, limit, sort);
            Assert.True(page.Items.Count <= limit);
            rows.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        return rows;
    }

    [StoreFact]
    public async Task TheWaitStartsAtTheOldestUnansweredCustomerMessageAndOnlyAnAnswerOrAResolveEndsIt()
    {
        var t = await ThreadsAsync();
        await using var domain = t.Domain;

        var rows = (await AllPagesAsync(domain, ConversationSort.Waiting, limit: 50)).ToDictionary(r => t.Ids.Single(i => i.Value == r.Id).Key);

        long? Since(string name) => rows[name].WaitingSince?.ToUnixTimeMilliseconds();
        Assert.Equal(t.At(0).ToUnixTimeMilliseconds(), Since("c1"));
        Assert.Equal(t.At(1).ToUnixTimeMilliseconds(), Since("c2"));
        Assert.Equal(t.At(3).ToUnixTimeMilliseconds(), Since("c4"));
        Assert.Equal(t.At(-1).ToUnixTimeMilliseconds(), Since("c7"));
        foreach (var answered in new[] { "c3", "c5", "c6", "c8" }) Assert.Null(Since(answered));
        // The grain's own row (what events carry) says the same as the list.
        Assert.Equal(rows["c4"].WaitingSince, (await t.Grain("c4").Get(Caller.Owner()))!.WaitingSince);
        Assert.Null((await t.Grain("c3").Get(Caller.Owner()))!.WaitingSince);
    }

    [StoreFact]
    public async Task TheDefaultOrderIsLongestWaitingFirstThenLatestActivityAcrossPagesAndRecentKeepsTheOldOrder()
    {
        var t = await ThreadsAsync();
        await using var domain = t.Domain;

        Assert.Equal(ByWaiting, t.Names(await AllPagesAsync(domain, ConversationSort.Waiting)));
        Assert.Equal(ByWaiting, t.Names(await AllPagesAsync(domain, ConversationSort.Waiting, limit: 1)));
        Assert.Equal(ByRecent, t.Names(await AllPagesAsync(domain, ConversationSort.Recent)));
        Assert.Equal(ByWaiting, t.Names((await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50)).Items));
        // Filters stay as they are: the open ones, in the same order.
        Assert.Equal(ByWaiting.Where(n => n != "c6"),
            t.Names(await AllPagesAsync(domain, ConversationSort.Waiting, new ConversationFilter(domain.BrandId, ConversationStatus.Open), limit: 2)));

        // A cursor from one order is refused by the other, never read as a place in it.
        var waitingPage = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 2, ConversationSort.Waiting);
        var recentPage = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 2, ConversationSort.Recent);
        var refused = await Assert.ThrowsAsync<DomainException>(() => domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), waitingPage.Next, 2, ConversationSort.Recent));
        Assert.Equal(("bad_cursor", "cursor"), (refused.Code, refused.Field));
        refused = await Assert.ThrowsAsync<DomainException>(() => domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), recentPage.Next, 2, ConversationSort.Waiting));
        Assert.Equal(("bad_cursor", "cursor"), (refused.Code, refused.Field));
    }

    [StoreFact]
    public async Task TheMigrationWorksOutTheWaitOfThreadsFromBeforeItAndTheirGrainsKeepIt()
    {
        var t = await ThreadsAsync();
        var database = t.Domain.Cluster.Service<Database>();
        const string Columns = "SELECT id || ' ' || COALESCE(CAST(waiting_since AS TEXT), '-') || ' ' || CAST(waiting_order AS TEXT) FROM conversations WHERE brand_id = $1 ORDER BY id";
        var written = await database.StringsAsync(Columns, t.Domain.BrandId);

        // The database as it was before 0034: no columns, no indexes, no record of the step, and states that never kept the wait.
        foreach (var index in new[] { "conversations_waiting", "conversations_brand_waiting", "conversations_status_waiting", "conversations_team_waiting", "conversations_assignee_waiting",
            "conversations_unassigned_waiting" })
            await ExecuteAsync(database, $"DROP INDEX {index}");
        await ExecuteAsync(database, "ALTER TABLE conversations DROP COLUMN waiting_since");
        await ExecuteAsync(database, "ALTER TABLE conversations DROP COLUMN waiting_order");
        await ExecuteAsync(database, "DELETE FROM schema_migrations WHERE id = 'Inbox.Silo/0034_waiting'");
        await ExecuteAsync(database, database.Provider == StorageProvider.Postgres
            ? "UPDATE grain_state SET payload = (payload - 'waitingSince') || '{\"format\":1}'::jsonb WHERE grain_type = 'Conversation'"
            : "UPDATE grain_state SET payload = json_set(json_remove(payload, '$.waitingSince'), '$.format', 1) WHERE grain_type = 'Conversation'");
        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM grain_state WHERE grain_type = 'Conversation' AND payload LIKE '%waitingSince%'".Replace(
            "payload LIKE", database.Provider == StorageProvider.Postgres ? "payload::text LIKE" : "payload LIKE", StringComparison.Ordinal)));

        await using var domain = await t.Domain.RestartAsync();
        t.Domain = domain;
        database = domain.Cluster.Service<Database>();

        Assert.Equal(written, await database.StringsAsync(Columns, domain.BrandId));
        Assert.Equal(ByWaiting, t.Names(await AllPagesAsync(domain, ConversationSort.Waiting)));
        // A grain whose stored state predates the wait takes it from its row: a note leaves it waiting, a reply ends it.
        var ann = (await domain.NewAgentAsync("Ann", Role.Agent)).Caller;
        await t.Grain("c2").Send(ann, new Outgoing("checking", IsPrivate: true));
        Assert.Equal(t.At(1).ToUnixTimeMilliseconds(), (await domain.Conversations.GetAsync(Caller.Owner(), t.Ids["c2"]))!.WaitingSince?.ToUnixTimeMilliseconds());
        await t.Grain("c2").Send(ann, new Outgoing("found it"));
        Assert.Null((await domain.Conversations.GetAsync(Caller.Owner(), t.Ids["c2"]))!.WaitingSince);
    }

    private static async Task ExecuteAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteWaiting : WaitingConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresWaiting : WaitingConformance
{
    protected override string Store => Stores.Postgres;
}
