using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Queries;

namespace Inbox.Silo.Tests.Inbound;

/// <summary>Inbound traffic is committed once, before the caller hears back, in provider-time order.</summary>
public abstract class InboundConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AFirstMessageStartsAContactAConversationAndItsThread()
    {
        await using var domain = await Domain.StartAsync(Store);

        var outcome = await domain.Inbound.ProcessAsync(Domain.Message("+1 (425) 555-0123", "Where is my order?") with { SenderName = "Ana" });

        Assert.Equal(InboundResult.Accepted, outcome);
        var conversation = await domain.OnlyConversationAsync();
        Assert.Equal(("+14255550123", "Ana", ConversationStatus.Open, 1, domain.TeamId, domain.SmsKey),
            (conversation.ContactAddress, conversation.ContactName, conversation.Status, conversation.Unread, conversation.TeamId, conversation.NumberKey));
        var message = Assert.Single(await domain.ThreadAsync(conversation.Id));
        Assert.Equal(("Where is my order?", Direction.Inbound, AuthorKind.Contact), (message.Text, message.Direction, message.AuthorKind));
        var contact = await domain.Grains.GetGrain<IContactGrain>(conversation.ContactId).Get();
        Assert.Equal(new ContactIdentity(ContactIdentity.Phone, "+14255550123"), Assert.Single(contact!.Identities));
        await domain.EventAsync(e => e is MessageAdded added && added.Message.Id == message.Id, "messageAdded published");
    }

    [StoreFact]
    public async Task ARedeliveredEventIsRecordedOnceEvenAfterARestart()
    {
        var domain = await Domain.StartAsync(Store);
        var first = Domain.Message("+14255550123", "hello", dedupeKey: "SM-1");

        Assert.Equal(InboundResult.Accepted, await domain.Inbound.ProcessAsync(first));
        Assert.Equal(InboundResult.Duplicate, await domain.Inbound.ProcessAsync(first));
        // Days later, after the conversation forgot its recent keys: the unique index catches it.
        await using var restarted = await domain.RestartAsync();
        for (var i = 0; i < 40; i++) await restarted.Inbound.ProcessAsync(Domain.Message("+14255550123", $"filler {i}"));
        Assert.Equal(InboundResult.Duplicate, await restarted.Inbound.ProcessAsync(first));

        var conversation = await restarted.OnlyConversationAsync();
        Assert.Single(await restarted.ThreadAsync(conversation.Id), m => m.Text == "hello");
        Assert.Equal(41, conversation.Unread);
    }

    [StoreFact]
    public async Task ABatchIsProcessedEventByEventAndARedeliveredBatchChangesNothing()
    {
        await using var domain = await Domain.StartAsync(Store);
        var batch = Enumerable.Range(0, 5).Select(i => Domain.Message($"+1425555020{i}", $"m{i}", dedupeKey: $"B-{i}")).ToArray();

        Assert.All(await domain.Inbound.ProcessAsync(batch), o => Assert.Equal(InboundResult.Accepted, o));
        Assert.All(await domain.Inbound.ProcessAsync(batch), o => Assert.Equal(InboundResult.Duplicate, o));

        var page = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50);
        Assert.Equal(5, page.Items.Count);
    }

    [StoreFact]
    public async Task TwoEventsArrivingAtOnceAreBothKeptInProviderTimeOrder()
    {
        await using var domain = await Domain.StartAsync(Store);
        var t = DateTimeOffset.UtcNow;
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "first", at: t.AddSeconds(-10)));

        await Task.WhenAll(
            domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "written second", at: t.AddSeconds(2))),
            domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "written first", at: t.AddSeconds(1))));

        var thread = await domain.ThreadAsync((await domain.OnlyConversationAsync()).Id);
        Assert.Equal(["written second", "written first", "first"], thread.Select(m => m.Text));
    }

    [StoreFact]
    public async Task AProviderTimestampYearsAheadNeitherKeepsTheWindowOpenNorJumpsTheQueue()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var domain = await Domain.StartAsync(Store, time);
        var received = time.GetUtcNow();
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "from the future", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: received.AddYears(3)));
        time.Advance(TimeSpan.FromMinutes(1));
        await domain.Inbound.ProcessAsync(Domain.Message("14255550124", "another customer", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: time.GetUtcNow()));
        var list = (await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50, ConversationSort.Recent)).Items;
        Assert.Equal(["+14255550124", "+14255550123"], list.Select(c => c.ContactAddress));
        // Nor does it push the wait years ahead: that customer has waited since we received it, the longest.
        list = (await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50)).Items;
        Assert.Equal(["+14255550123", "+14255550124"], list.Select(c => c.ContactAddress));
        Assert.Equal(received.ToUnixTimeMilliseconds(), list[0].WaitingSince?.ToUnixTimeMilliseconds());
        time.Advance(TimeSpan.FromMinutes(1));
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "written later", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: time.GetUtcNow()));

        var conversation = await domain.OnlyConversationAsync("+14255550123");
        Assert.Equal(time.GetUtcNow(), conversation.LastInboundAt);
        var thread = await domain.ThreadAsync(conversation.Id);
        Assert.Equal(["written later", "from the future"], thread.Select(m => m.Text));
        var early = thread[1];
        Assert.Equal((received, received.AddYears(3)), (early.SentAt, early.ProviderTimestamp)); // placed at receipt, the provider's time kept

        time.Advance(TimeSpan.FromDays(3)); // tomorrow and two days more: the 24-hour window closed long ago
        var grain = domain.Grains.GetGrain<IConversationGrain>(conversation.Id);
        Assert.False((await grain.Composer(Caller.Owner())).FreeFormAllowed);
        var refused = await Assert.ThrowsAsync<DomainException>(() => grain.Send(Caller.Owner(), new Outgoing("still there?")));
        Assert.Equal("window_closed", refused.Code);
    }

    [StoreFact]
    public async Task TrafficForAnUnregisteredAddressIsKeptUnroutedAndReachesNoBrand()
    {
        await using var domain = await Domain.StartAsync(Store);
        var stray = Domain.Message("+14255550123", "anyone there?", dedupeKey: "U-1", to: "+18005550999");

        Assert.Equal(InboundOutcome.Unrouted, (await domain.Inbound.ProcessAsync(stray)).Outcome);
        Assert.Equal(InboundOutcome.Unrouted, (await domain.Inbound.ProcessAsync(stray)).Outcome);

        var unrouted = await domain.Cluster.Service<UnroutedInbox>().ListAsync(100, null);
        var kept = Assert.Single(unrouted, u => u.NumberAddress == "+18005550999" && u.Text == "anyone there?");
        Assert.Equal(("unknown_number", "No brand has registered sms:+18005550999."), (kept.Code, kept.Reason));
        var page = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(), null, 50);
        Assert.DoesNotContain(page.Items, c => c.ContactAddress == "+14255550123");
    }

    [StoreFact]
    public async Task ANewMessageReopensAResolvedConversation()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        var conversation = await domain.OnlyConversationAsync();
        await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        Assert.Equal(ConversationStatus.Resolved, (await domain.OnlyConversationAsync()).Status);

        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "one more thing"));

        var reopened = await domain.OnlyConversationAsync();
        Assert.Equal((conversation.Id, ConversationStatus.Open), (reopened.Id, reopened.Status));
    }

    [StoreFact]
    public async Task OnePersonOnSmsAndWhatsAppIsOneContactInTwoConversations()
    {
        await using var domain = await Domain.StartAsync(Store);

        await domain.Inbound.ProcessAsync(Domain.Message("+1 425 555 0123", "sms"));
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "whatsapp", channel: Channel.WhatsApp, to: Domain.WhatsAppId));

        var page = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50);
        Assert.Equal(2, page.Items.Count);
        Assert.Single(page.Items.Select(c => c.ContactId).Distinct());
    }

    [StoreFact]
    public async Task AStatusNeverMovesAMessageBackwards()
    {
        await using var domain = await Domain.StartAsync(Store);
        var message = await SendOneAsync(domain);
        var providerId = "prov_" + message.Id;

        await domain.Inbound.ProcessAsync(Domain.Status(providerId, DeliveryStatus.Read));
        await domain.Inbound.ProcessAsync(Domain.Status(providerId, DeliveryStatus.Delivered));
        await domain.Inbound.ProcessAsync(Domain.Status(providerId, DeliveryStatus.Sent));

        var stored = Assert.Single(await domain.ThreadAsync(message.ConversationId), m => m.Id == message.Id);
        Assert.Equal(DeliveryStatus.Read, stored.Status);
    }

    [StoreFact]
    public async Task AStatusThatArrivesBeforeTheSendRecordsItsIdIsStillApplied()
    {
        await using var domain = await Domain.StartAsync(Store);
        domain.Sender.Gate = new TaskCompletionSource();
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        var conversation = await domain.OnlyConversationAsync();
        var message = await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("on its way"));

        // The provider reports delivery before its answer to the send reaches us.
        Assert.Equal(InboundResult.Pending, await domain.Inbound.ProcessAsync(Domain.Status("prov_" + message.Id, DeliveryStatus.Delivered)));
        domain.Sender.Gate.SetResult();
        await Eventually.True(async () => (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == message.Id).Status == DeliveryStatus.Delivered,
            "the parked status was applied");
    }

    [StoreFact]
    public async Task AReadWatermarkMarksEverythingSentBeforeItAsRead()
    {
        await using var domain = await Domain.StartAsync(Store);
        var message = await SendOneAsync(domain);
        var conversation = await domain.OnlyConversationAsync();

        await domain.Inbound.ProcessAsync(new InboundEvent
        {
            Kind = InboundKind.ReadUpTo, Channel = Channel.Sms, NumberAddress = Domain.SmsAddress, SenderAddress = conversation.ContactAddress,
            DedupeKey = "watermark-1", ProviderTimestamp = DateTimeOffset.UtcNow.AddMinutes(1),
        });

        Assert.Equal(DeliveryStatus.Read, (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == message.Id).Status);
        await domain.EventAsync(e => e is MessageStatusChanged { Status: DeliveryStatus.Read } changed && changed.MessageId == message.Id, "read published");
    }

    private static async Task<MessageView> SendOneAsync(Domain domain)
    {
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        var conversation = await domain.OnlyConversationAsync();
        var message = await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("hello back"));
        await Eventually.True(async () => (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == message.Id).Status == DeliveryStatus.Sent, "sent");
        return message;
    }
}

public sealed class SqliteInbound : InboundConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresInbound : InboundConformance
{
    protected override string Store => Stores.Postgres;
}
