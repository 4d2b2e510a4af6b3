using Inbox.Silo.Access;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>Every event about a conversation carries its next sequence, whichever part of the silo committed the change, across reactivations.</summary>
public abstract class EventSequenceConformance
{
    private const string Customer = "+14255550123";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task TheConversationsEventsAreNumberedOneByOneWhoeverCommittedTheChange()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hello"));
        var id = (await domain.OnlyConversationAsync()).Id;
        var conversation = domain.Grains.GetGrain<IConversationGrain>(id);

        var reply = await conversation.Send(Caller.Owner(), new Outgoing("hello back"));
        await domain.EventAsync(e => e is MessageStatusChanged { Status: DeliveryStatus.Sent } s && s.MessageId == reply.Id, "sent, committed by the outbox");
        await domain.Inbound.ProcessAsync(Domain.Status("prov_" + reply.Id, DeliveryStatus.Delivered));
        await domain.EventAsync(e => e is MessageStatusChanged { Status: DeliveryStatus.Delivered } s && s.MessageId == reply.Id, "delivered, from the provider's callback");
        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        await domain.EventAsync(e => e is ConversationUpdated { Conversation.Status: ConversationStatus.Resolved } u && u.Conversation.Id == id, "resolved");

        var events = Of(domain, id);
        Assert.Equal(Numbers(1, events.Count), events.Select(e => e.Sequence));
        Assert.Equal(
            [typeof(MessageAdded), typeof(ConversationUpdated), typeof(MessageAdded), typeof(ConversationUpdated),
             typeof(MessageStatusChanged), typeof(MessageStatusChanged), typeof(MessageAdded), typeof(ConversationUpdated)],
            events.Select(e => e.GetType()));
    }

    [StoreFact]
    public async Task TheSequenceGoesOnFromTheStoreAfterTheSiloRestarts()
    {
        var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "one"));
        var id = (await domain.OnlyConversationAsync()).Id;
        await domain.EventAsync(e => e is ConversationUpdated u && u.Conversation.Id == id, "the first change's events");
        var before = Of(domain, id).Max(e => e.Sequence);

        await using var restarted = await domain.RestartAsync();
        await restarted.Inbound.ProcessAsync(Domain.Message(Customer, "two"));
        await restarted.EventAsync(e => e is ConversationUpdated u && u.Conversation.Id == id, "the next change's events, from a new activation");

        Assert.Equal([before + 1, before + 2], Of(restarted, id).Select(e => e.Sequence));
    }

    [StoreFact]
    public async Task AChangeThatDoesNotCommitPublishesNothingAndTakesNoNumber()
    {
        var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hello", dedupeKey: "prov-1"));
        var id = (await domain.OnlyConversationAsync()).Id;
        await domain.EventAsync(e => e is ConversationUpdated u && u.Conversation.Id == id, "the first message's events");

        // Redelivered to a new silo, which has not seen the key: its unit is refused by the store and undone.
        await using var restarted = await domain.RestartAsync();
        Assert.Equal(InboundOutcome.Duplicate, (await restarted.Inbound.ProcessAsync(Domain.Message(Customer, "hello", dedupeKey: "prov-1"))).Outcome);
        await restarted.Inbound.ProcessAsync(Domain.Message(Customer, "next"));
        await restarted.EventAsync(e => e is ConversationUpdated u && u.Conversation.Id == id, "the next message's events");

        Assert.Equal([3L, 4L], Of(restarted, id).Select(e => e.Sequence));
        Assert.DoesNotContain(restarted.Events, e => e is MessageAdded { Message.Text: "hello" });
    }

    private static List<ConversationEvent> Of(Domain domain, string conversationId) =>
        domain.Events.OfType<ConversationEvent>().Where(e => e.ConversationId == conversationId).ToList();

    private static IEnumerable<long> Numbers(long from, int count) => Enumerable.Range(0, count).Select(i => from + i);
}

public sealed class SqliteEventSequence : EventSequenceConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresEventSequence : EventSequenceConformance
{
    protected override string Store => Stores.Postgres;
}
