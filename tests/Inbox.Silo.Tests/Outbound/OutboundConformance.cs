using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Outbound;

/// <summary>Outbound messages are queued durably, sent once from the right number, paced, retried and never lost.</summary>
public abstract class OutboundConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AReplyIsQueuedThenSentFromTheConversationsOwnNumber()
    {
        await using var domain = await Domain.StartAsync(Store);
        var conversation = await StartConversationAsync(domain);

        var message = await Conversation(domain, conversation).Send(Caller.Owner(), new Outgoing("Your order shipped."));

        Assert.Equal(DeliveryStatus.Queued, message.Status);
        await Eventually.True(() => domain.Sender.Sent.Any(), "the sender was called");
        var sent = Assert.Single(domain.Sender.Sent);
        Assert.Equal((Domain.SmsAddress, "+14255550123", "Your order shipped.", message.Id), (sent.From, sent.To, sent.Text, sent.IdempotencyKey));
        await Eventually.True(async () => (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id).Status == DeliveryStatus.Sent, "sent");
        await domain.EventAsync(e => e is MessageStatusChanged { Status: DeliveryStatus.Sent } s && s.MessageId == message.Id, "status event");
    }

    [StoreFact]
    public async Task APrivateNoteIsKeptButNeverSent()
    {
        await using var domain = await Domain.StartAsync(Store);
        var conversation = await StartConversationAsync(domain);

        var note = await Conversation(domain, conversation).Send(Caller.Owner(), new Outgoing("customer is a VIP", IsPrivate: true));
        await domain.SentinelAsync();

        Assert.True(note.IsPrivate);
        Assert.Empty(domain.Sent);
        Assert.Contains(await domain.ThreadAsync(conversation), m => m.Id == note.Id && m.IsPrivate);
    }

    [StoreFact]
    public async Task ATransientFailureIsRetriedByADurableJobAndSentOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await Domain.StartAsync(Store, time);
        var conversation = await StartConversationAsync(domain);
        domain.Sender.Then(new SendResult.Transient("HTTP 503"));

        var message = await Conversation(domain, conversation).Send(Caller.Owner(), new Outgoing("retry me"));
        await Eventually.True(() => domain.Sender.Sent.Count == 1, "first attempt");
        await domain.DrainAsync();
        Assert.Equal(DeliveryStatus.Queued, (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id).Status);

        time.Advance(TimeSpan.FromSeconds(3)); // past the 2 s backoff; the drain job's poll picks it up
        await Eventually.True(() => domain.Sender.Sent.Count == 2, "second attempt");
        await Eventually.True(async () => (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id).Status == DeliveryStatus.Sent, "sent");
        Assert.Equal([1, 2], domain.Sender.Sent.Select(s => s.Attempt));
    }

    [StoreFact]
    public async Task ARateLimitPausesTheNumberUntilRetryAfter()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await Domain.StartAsync(Store, time);
        var conversation = await StartConversationAsync(domain);
        domain.Sender.Then(new SendResult.RateLimited(TimeSpan.FromSeconds(30)));
        var grain = Conversation(domain, conversation);

        await grain.Send(Caller.Owner(), new Outgoing("one"));
        await Eventually.True(() => domain.Sender.Sent.Count == 1, "first attempt");
        await domain.DrainAsync();
        await grain.Send(Caller.Owner(), new Outgoing("two"));
        await domain.DrainAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        await domain.DrainAsync();
        Assert.Single(domain.Sender.Sent);

        time.Advance(TimeSpan.FromSeconds(21));
        await Eventually.True(() => domain.Sender.Sent.Count == 3, "both sent after the pause");
        Assert.Equal(["one", "one", "two"], domain.Sender.Sent.Select(s => s.Text));
    }

    [StoreFact]
    public async Task AFinalRefusalFailsTheMessageWithAReadableReason()
    {
        await using var domain = await Domain.StartAsync(Store);
        var conversation = await StartConversationAsync(domain);
        domain.Sender.Then(new SendResult.WindowClosed("more than 24 hours since the customer's last message"));

        var message = await Conversation(domain, conversation).Send(Caller.Owner(), new Outgoing("late reply"));

        await Eventually.True(async () => (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id).Status == DeliveryStatus.Failed, "failed");
        var failed = (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id);
        Assert.Equal("window_closed", failed.ErrorCode);
        Assert.Equal("The channel's reply window is closed: more than 24 hours since the customer's last message", failed.ErrorReason);
    }

    [StoreFact]
    public async Task ARestartResumesTheOutboxWithoutLosingOrRepeatingAMessage()
    {
        var domain = await Domain.StartAsync(Store);
        var conversation = await StartConversationAsync(domain);
        domain.Sender.Gate = new TaskCompletionSource(); // the provider hangs: nothing leaves before the stop
        var grain = Conversation(domain, conversation);
        var queued = new List<string>();
        for (var i = 0; i < 5; i++) queued.Add((await grain.Send(Caller.Owner(), new Outgoing($"m{i}"))).Id);

        var stopping = domain.Cluster.DisposeAsync();
        domain.Sender.Gate.SetResult(); // the one send in flight completes as the silo stops
        await stopping;
        await using var restarted = await domain.RestartAsync();

        await Eventually.True(async () => (await restarted.ThreadAsync(conversation)).Where(m => queued.Contains(m.Id)).All(m => m.Status == DeliveryStatus.Sent),
            "every queued message sent after the restart", 20_000);
        Assert.Equal(queued.Order(), restarted.Sender.Sent.Select(s => s.MessageId).Distinct().Order());
        Assert.Equal(5, restarted.Sender.Sent.Count);
    }

    [StoreFact]
    public async Task StartingContactUsesTheBrandsNumberOfThatPurpose()
    {
        var daytime = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.Zero)); // 11:00 in Los Angeles
        await using var domain = await Domain.StartAsync(Store, daytime);
        await domain.RegisterAsync("sms:+14255550177", new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));
        await domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, "+14255550188"))
            .Change(Caller.Owner(), new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, Reason: "asked for one-time codes"));
        var starter = domain.Cluster.Service<ContactStarter>();

        var (conversation, message) = await starter.SendAsync(Caller.Owner(),
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Alerts, "+1 425 555 0188", "Your code is 123456"));

        Assert.Equal("sms:+14255550177", conversation.NumberKey);
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == message.Id), "sent");
        Assert.Equal("+14255550177", domain.Sender.Sent.Single(s => s.MessageId == message.Id).From);

        var none = await Assert.ThrowsAsync<DomainException>(() => starter.SendAsync(Caller.Owner(),
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Marketing, "+14255550188", "Sale!")));
        Assert.Equal("no_matching_number", none.Code);
        var wrong = await Assert.ThrowsAsync<DomainException>(() => starter.SendAsync(Caller.Owner(),
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Alerts, "+14255550188", "Alert", From: Domain.SmsAddress)));
        Assert.Equal("purpose_mismatch", wrong.Code);
    }

    [StoreFact]
    public async Task AnAlertsNumberAutoRepliesOnceADayPointingToSupport()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.RegisterAsync("sms:+14255550177", new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account,
            AutoReply: "This number sends alerts only. For help, text +14255550100."));

        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hello?", to: "+14255550177"));
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hello??", to: "+14255550177"));

        await Eventually.True(() => domain.Sender.Sent.Count == 1, "one auto-reply");
        await domain.SentinelAsync("sms:+14255550177");
        Assert.Equal("This number sends alerts only. For help, text +14255550100.", Assert.Single(domain.Sent).Text);
    }

    [StoreFact]
    public async Task AnAutoReplyTheRulesRefuseLeavesTheCustomersMessageAccepted()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.RegisterAsync("sms:+14255550177", new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account,
            AutoReply: "This number sends alerts only. For help, text +14255550100."));
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "STOP", to: "+14255550177"));

        var result = await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hello?", to: "+14255550177"));

        Assert.Equal(Inbox.Silo.Inbound.InboundOutcome.Accepted, result.Outcome);
        Assert.Contains(await domain.ThreadAsync((await domain.OnlyConversationAsync()).Id), m => m.Text == "hello?");
        Assert.DoesNotContain(domain.Sender.Sent, s => s.Text!.StartsWith("This number sends alerts only", StringComparison.Ordinal));
    }

    private static IConversationGrain Conversation(Domain domain, string id) => domain.Grains.GetGrain<IConversationGrain>(id);

    private static async Task<string> StartConversationAsync(Domain domain)
    {
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        return (await domain.OnlyConversationAsync()).Id;
    }
}

public sealed class SqliteOutbound : OutboundConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresOutbound : OutboundConformance
{
    protected override string Store => Stores.Postgres;
}
