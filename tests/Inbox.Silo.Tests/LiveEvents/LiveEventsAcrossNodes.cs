using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Numbers;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>
/// Two silos on one PostgreSQL store: a subscriber on one hears what a conversation active on the other
/// commits, in order and numbered without gaps, through the brand's relay; a node hears no brand it does not watch.
/// </summary>
[RequiresPostgres]
public sealed class LiveEventsAcrossNodes
{
    private const string Customer = "+14255550123";

    [StoreFact]
    public async Task ASubscriberOnOneNodeHearsInOrderAndWithoutGapsWhatAConversationOnTheOtherCommits()
    {
        await using var domain = await Domain.StartAsync(Stores.Postgres, silos: 2);
        using var onA = await EventLog.SubscribeAsync(domain.Node(0), domain.BrandId);
        var (id, conversation) = await ConversationOnSecondNodeAsync(domain);
        var heardBefore = domain.Node(0).GetRequiredService<InboxEvents>().Heard;

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "are you there?"));
        var reply = await conversation.Send(Caller.Owner(), new Outgoing("yes"));
        await Eventually.True(() => onA.Of(id).Any(e => e is MessageStatusChanged { Status: DeliveryStatus.Sent } s && s.MessageId == reply.Id), "the outbox's status, heard on A");
        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        await Eventually.True(() => onA.Of(id).Any(e => e is ConversationUpdated { Conversation.Status: ConversationStatus.Resolved }), "the resolve, heard on A");

        Assert.Equal(1, await domain.SiloOfAsync(conversation));
        var heard = onA.Of(id);
        Assert.Equal(Numbers(1, heard.Count), heard.Select(e => e.Sequence));
        Assert.Contains(heard, e => e is MessageAdded { Message.Text: "are you there?" });
        // Everything since the move came from silo B through the relay, not from A's own publishing.
        Assert.True(domain.Node(0).GetRequiredService<InboxEvents>().Heard - heardBefore >= heard.Count - 2, "A heard B's events from the relay");
    }

    [StoreFact]
    public async Task TheSequenceGoesOnWhenTheConversationIsDeactivatedOnOneNodeAndReactivated()
    {
        await using var domain = await Domain.StartAsync(Stores.Postgres, silos: 2);
        using var onA = await EventLog.SubscribeAsync(domain.Node(0), domain.BrandId);
        var (id, conversation) = await ConversationOnSecondNodeAsync(domain);
        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Pending));
        await Eventually.True(() => onA.Of(id).Any(e => e is ConversationUpdated { Conversation.Status: ConversationStatus.Pending }), "pending, heard on A");
        var before = onA.Of(id).Max(e => e.Sequence);

        await domain.Cluster.DeactivateAsync(conversation);
        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        await Eventually.True(() => onA.Of(id).Any(e => e is ConversationUpdated { Conversation.Status: ConversationStatus.Resolved }), "resolved, heard on A");

        Assert.Equal([before + 1, before + 2], onA.Of(id).Where(e => e.Sequence > before).Select(e => e.Sequence));
        Assert.Equal(Numbers(1, onA.Of(id).Count), onA.Of(id).Select(e => e.Sequence));
    }

    [StoreFact]
    public async Task ANodeWatchingOnlyAnotherBrandIsSentNothingOfThisOne()
    {
        await using var domain = await Domain.StartAsync(Stores.Postgres, silos: 2);
        var other = Ids.New("brd");
        await domain.Grains.GetGrain<IBrandGrain>(other).Create(Caller.Owner(), "Fabrikam");
        const string otherNumber = "+14255550177";
        await domain.RegisterAsync(new NumberKey(Channel.Sms, otherNumber).ToString(), new NumberRegistration(other, Purpose.Support, ScriptedSender.Account));
        // Silo 0 watches this brand (the domain's own subscriber); silo 1 watches only the other.
        using var onlyOther = await EventLog.SubscribeAsync(domain.Node(1), other);
        var node1 = domain.Node(1).GetRequiredService<InboxEvents>();

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hello"));
        var conversation = domain.Grains.GetGrain<IConversationGrain>((await domain.OnlyConversationAsync()).Id);
        await domain.PlaceOnAsync(conversation, 0);
        var reply = await conversation.Send(Caller.Owner(), new Outgoing("hello back"));
        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        await domain.EventAsync(e => e is MessageStatusChanged { Status: DeliveryStatus.Sent } s && s.MessageId == reply.Id, "this brand's events, on silo 0");

        // The sentinel: the other brand's event, committed after all of this brand's, does reach silo 1.
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hi Fabrikam", to: otherNumber));
        await Eventually.True(() => onlyOther.Events.OfType<MessageAdded>().Any(m => m.Message.Text == "hi Fabrikam"), "the other brand's sentinel, on silo 1");

        Assert.All(onlyOther.Events, e => Assert.Equal(other, e.BrandId));
        Assert.Equal(0, node1.HeardUnwatched);
    }

    [StoreFact]
    public async Task ANodeWhoseRelayForgotItHearsAgainAfterItsNextRenewal()
    {
        var configuration = Stores.Fresh(Stores.Postgres);
        configuration.Settings["Inbox:LiveEvents:RenewEvery"] = "00:00:00.200";
        configuration.Settings["Inbox:LiveEvents:Expiry"] = "00:00:01";
        await using var domain = await Domain.StartAsync(Stores.Postgres, configuration: configuration, silos: 2);
        using var onA = await EventLog.SubscribeAsync(domain.Node(0), domain.BrandId);
        var (id, conversation) = await ConversationOnSecondNodeAsync(domain);

        // The relay's registrations live in memory: a new activation knows no node until they renew
        // (with renewals an hour apart, this waits in vain).
        await domain.Cluster.DeactivateAsync(domain.Grains.GetGrain<IEventRelayGrain>(domain.BrandId));
        var round = 0;
        await Eventually.True(async () =>
        {
            var text = $"ping {++round}";
            await conversation.Send(Caller.Owner(), new Outgoing(text, IsPrivate: true));
            await Task.Delay(50);
            return onA.Of(id).Any(e => e is MessageAdded added && added.Message.Text == text);
        }, "A hears B's events again");

        Assert.Equal(1, await domain.SiloOfAsync(conversation));
        var heard = onA.Of(id).Select(e => e.Sequence).ToList();
        Assert.Equal(heard.Order(), heard);
    }

    /// <summary>The customer's conversation, started by a first message and then moved to silo B.</summary>
    private static async Task<(string Id, IConversationGrain Grain)> ConversationOnSecondNodeAsync(Domain domain)
    {
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hello"));
        var id = (await domain.OnlyConversationAsync()).Id;
        var conversation = domain.Grains.GetGrain<IConversationGrain>(id);
        await domain.PlaceOnAsync(conversation, 1);
        return (id, conversation);
    }

    private static IEnumerable<long> Numbers(long from, int count) => Enumerable.Range(0, count).Select(i => from + i);
}
