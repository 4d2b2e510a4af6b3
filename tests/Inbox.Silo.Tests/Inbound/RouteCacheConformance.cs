using Inbox.Silo.Access;
using Inbox.Silo.Contacts;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Tests.Inbound;

/// <summary>
/// The silo's route cache never hands a conversation what changed since it was filled: only started
/// conversations' routes are cached, and a started conversation takes nothing but its id from a route.
/// </summary>
public abstract class RouteCacheConformance
{
    private const string Customer = "+14255550177";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AContactRenamedBeforeItsConversationStartsIsShownByItsNewNameWhenItWrites()
    {
        await using var domain = await Domain.StartAsync(Store);
        // A route with no conversation yet, as a first send that was refused leaves one (and another node may rename the contact).
        var route = await domain.Grains.GetGrain<INumberGrain>(domain.SmsKey).Route(Customer, "Ann");
        await domain.Grains.GetGrain<IContactGrain>(route!.ContactId).Update(Caller.Owner(), new ContactUpdate(Name: "Ann Smith"));

        var result = await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hello"));

        Assert.Equal(InboundResult.Accepted, result);
        var conversation = await domain.OnlyConversationAsync(Customer);
        Assert.Equal((route.ConversationId, "Ann Smith"), (conversation.Id, conversation.ContactName));
    }

    [StoreFact]
    public async Task ASendersLaterMessagesReachTheConversationItsFirstStarted()
    {
        await using var domain = await Domain.StartAsync(Store);

        foreach (var text in new[] { "one", "two", "three", "four" })
            Assert.Equal(InboundResult.Accepted, await domain.Inbound.ProcessAsync(Domain.Message(Customer, text)));

        var conversation = await domain.OnlyConversationAsync(Customer);
        Assert.Equal(new[] { "four", "one", "three", "two" }, (await domain.ThreadAsync(conversation.Id)).Select(m => m.Text).Order(StringComparer.Ordinal));
    }
}

public sealed class SqliteRouteCache : RouteCacheConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresRouteCache : RouteCacheConformance
{
    protected override string Store => Stores.Postgres;
}
