using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;
using Inbox.Silo.Queries;

namespace Inbox.Silo.Tests.Inbound;

/// <summary>Every event of a batch gets its own outcome; one the rules refuse is kept aside with the reason and fails nothing else.</summary>
public abstract class BatchOutcomeConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ASenderNoRuleCanReadIsKeptAsideAndTheEventsAroundItAreStored()
    {
        await using var domain = await Domain.StartAsync(Store);
        var batch = new[]
        {
            Domain.Message("+14255550201", "first", dedupeKey: "B-1"),
            Domain.Message("not a number!", "second", dedupeKey: "B-2"),
            Domain.Message("+14255550203", "third", dedupeKey: "B-3"),
        };

        var results = await domain.Inbound.ProcessAsync(batch);

        Assert.Equal([InboundOutcome.Accepted, InboundOutcome.Invalid, InboundOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.NotNull(results[1].Code);
        Assert.Contains("not a number!", results[1].Reason);
        var page = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50);
        Assert.Equal(["+14255550201", "+14255550203"], page.Items.Select(c => c.ContactAddress).Order());
        var kept = Assert.Single(await Unrouted(domain));
        Assert.Equal(("not a number!", "second", results[1].Code, results[1].Reason), (kept.Sender, kept.Text, kept.Code, kept.Reason));
    }

    [StoreFact]
    public async Task ARedeliveredBatchWithARefusedEventKeepsItOnce()
    {
        await using var domain = await Domain.StartAsync(Store);
        var batch = new[] { Domain.Message("+14255550201", "fine", dedupeKey: "R-1"), Domain.Message("+14255550202", "no key", dedupeKey: " ") };

        var first = await domain.Inbound.ProcessAsync(batch);
        var again = await domain.Inbound.ProcessAsync(batch);

        Assert.Equal(new InboundResult(InboundOutcome.Invalid, "missing_dedupe_key", first[1].Reason), first[1]);
        Assert.Equal([InboundResult.Duplicate, first[1]], again);
        Assert.Equal("missing_dedupe_key", Assert.Single(await Unrouted(domain)).Code);
    }

    [StoreFact]
    public async Task AStatusForANumberNoBrandRegisteredSaysSo()
    {
        await using var domain = await Domain.StartAsync(Store);

        var result = await domain.Inbound.ProcessAsync(Domain.Status("p-1", Conversations.DeliveryStatus.Delivered, to: "+18005550999"));

        Assert.Equal(new InboundResult(InboundOutcome.Unrouted, "unknown_number", "No brand has registered sms:+18005550999."), result);
        Assert.Equal("status", Assert.Single(await Unrouted(domain)).Kind);
    }

    [StoreFact]
    public async Task ANumberAddressNoRuleCanReadIsKeptAsideWithTheReason()
    {
        await using var domain = await Domain.StartAsync(Store);

        var result = await domain.Inbound.ProcessAsync(Domain.Message("+14255550201", "hello", to: "the front desk", channel: Channel.Sms));

        Assert.Equal(InboundOutcome.Invalid, result.Outcome);
        Assert.Contains("the front desk", result.Reason);
        Assert.Equal("the front desk", Assert.Single(await Unrouted(domain)).NumberAddress);
    }

    [StoreFact]
    public async Task AMessageWithNoTextAndNoMediaIsRefusedAsInvalidAndStoresNothing()
    {
        await using var domain = await Domain.StartAsync(Store);
        var batch = new[]
        {
            Domain.Message("+14255550201", "fine", dedupeKey: "E-1"),
            Domain.Message("+14255550202", "", dedupeKey: "E-2") with { Text = null, Media = [] },
            Domain.Message("+14255550203", "  ", dedupeKey: "E-3"),
        };

        var results = await domain.Inbound.ProcessAsync(batch);

        Assert.Equal([InboundOutcome.Accepted, InboundOutcome.Invalid, InboundOutcome.Invalid], results.Select(r => r.Outcome));
        Assert.All(results.Skip(1), r => Assert.Equal("empty_message", r.Code));
        Assert.False(string.IsNullOrWhiteSpace(results[1].Reason));
        var page = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50);
        Assert.Equal("+14255550201", Assert.Single(page.Items).ContactAddress);
        var kept = await Unrouted(domain);
        Assert.Equal(["+14255550202", "+14255550203"], kept.Select(u => u.Sender).Order());
        Assert.All(kept, u => Assert.Equal(("empty_message", results[1].Reason), (u.Code, u.Reason)));
    }

    private static Task<List<UnroutedView>> Unrouted(Domain domain) => domain.Cluster.Service<UnroutedInbox>().ListAsync(100, null);
}

public sealed class SqliteBatchOutcomes : BatchOutcomeConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresBatchOutcomes : BatchOutcomeConformance
{
    protected override string Store => Stores.Postgres;
}
