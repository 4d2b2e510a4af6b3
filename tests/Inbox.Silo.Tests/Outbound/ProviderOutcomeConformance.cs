using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Outbound;

/// <summary>
/// What the real providers need of the outbox beyond "sent or not": replies in context, a send that may have
/// gone out (never retried, resent by hand), a recipient over its own rate, and read receipts for the customer.
/// </summary>
public abstract class ProviderOutcomeConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AReplyInContextGoesOutWithTheProvidersIdOfTheMessageItAnswers()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "where is my order?", dedupeKey: "SM-inbound-1"));
        var conversation = (await domain.OnlyConversationAsync()).Id;
        var question = (await domain.ThreadAsync(conversation)).Single(m => m.Text == "where is my order?");

        var reply = await Conversation(domain, conversation).Send(Caller.Owner(), new Outgoing("On its way.", ReplyToMessageId: question.Id));

        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == reply.Id), "sent");
        Assert.Equal("SM-inbound-1", domain.Sender.Sent.Single(s => s.MessageId == reply.Id).ReplyToProviderMessageId);
        var shown = (await domain.ThreadAsync(conversation)).Single(m => m.Id == reply.Id);
        Assert.Equal(("SM-inbound-1", question.Id), (shown.ReplyTo?.ProviderMessageId, shown.ReplyTo?.MessageId));

        var unknown = await Assert.ThrowsAsync<DomainException>(() => Conversation(domain, conversation).Send(Caller.Owner(),
            new Outgoing("hm", ReplyToMessageId: "msg_nope")));
        Assert.Equal(("unknown_reply_to", "replyToMessageId"), (unknown.Code, unknown.Field));
        Assert.DoesNotContain(await domain.ThreadAsync(conversation), m => m.Text == "hm");
    }

    [StoreFact]
    public async Task AMessageThatMayHaveBeenSentIsNeverRetriedAndAnAgentCanResendIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await Domain.StartAsync(Store, time);
        var conversation = await StartConversationAsync(domain);
        domain.Sender.Then(new SendResult.MaybeSent("no answer within 30 s after the request went out"));
        var grain = Conversation(domain, conversation);

        var message = await grain.Send(Caller.Owner(), new Outgoing("Your refund is approved."));
        await Eventually.True(async () => (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id).Status == DeliveryStatus.Failed, "failed");
        time.Advance(TimeSpan.FromMinutes(20)); // past every backoff: nothing retries it
        await domain.DrainAsync();
        Assert.Single(domain.Sender.Sent);
        var failed = (await domain.ThreadAsync(conversation)).Single(m => m.Id == message.Id);
        Assert.Equal(Outbox.MaybeSentCode, failed.ErrorCode);
        Assert.Contains("may have been sent", failed.ErrorReason, StringComparison.Ordinal);

        var again = await grain.Resend(Caller.Owner(), message.Id);

        Assert.NotEqual(message.Id, again.Id);
        await Eventually.True(async () => (await domain.ThreadAsync(conversation)).Single(m => m.Id == again.Id).Status == DeliveryStatus.Sent, "resent");
        Assert.Equal(["Your refund is approved.", "Your refund is approved."], domain.Sender.Sent.Select(s => s.Text));
        Assert.NotEqual(domain.Sender.Sent[0].IdempotencyKey, domain.Sender.Sent[1].IdempotencyKey);
        var notFailed = await Assert.ThrowsAsync<DomainException>(() => grain.Resend(Caller.Owner(), again.Id));
        Assert.Equal("not_failed", notFailed.Code);
        var customers = (await domain.ThreadAsync(conversation)).Single(m => m.Text == "hi");
        Assert.Equal("not_resendable", (await Assert.ThrowsAsync<DomainException>(() => grain.Resend(Caller.Owner(), customers.Id))).Code);
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => grain.Resend(Caller.Owner(), "msg_nope"))).Kind);
    }

    [StoreFact]
    public async Task ARecipientOverItsOwnRateWaitsWhileTheNumberKeepsSendingToOthers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi from A"));
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550124", "hi from B"));
        var a = Conversation(domain, (await domain.OnlyConversationAsync("+14255550123")).Id);
        var b = Conversation(domain, (await domain.OnlyConversationAsync("+14255550124")).Id);
        domain.Sender.Then(new SendResult.RecipientRateLimited(TimeSpan.FromSeconds(30), "131056"));

        var first = await a.Send(Caller.Owner(), new Outgoing("A one"));
        await Eventually.True(() => domain.Sender.Sent.Count == 1, "A's first attempt");
        await domain.DrainAsync();
        var second = await a.Send(Caller.Owner(), new Outgoing("A two"));
        await b.Send(Caller.Owner(), new Outgoing("B one"));

        await Eventually.True(() => domain.Sender.Sent.Any(s => s.Text == "B one"), "B is not held by A's limit");
        await domain.DrainAsync();
        Assert.Equal(["A one", "B one"], domain.Sender.Sent.Select(s => s.Text));

        time.Advance(TimeSpan.FromSeconds(31));
        await Eventually.True(() => domain.Sender.Sent.Count(s => s.To == "+14255550123") == 3, "A's messages go once the wait is over");
        Assert.Equal(["A one", "B one", "A one", "A two"], domain.Sender.Sent.Select(s => s.Text));
        Assert.All(domain.Sender.Sent, s => Assert.Equal(1, s.Attempt)); // a recipient's wait is not a failed attempt
        Assert.Equal([first.Id, second.Id], domain.Sender.Sent.Where(s => s.To == "+14255550123").Select(s => s.MessageId).Distinct());
    }

    [StoreFact]
    public async Task ReadingAWhatsAppThreadMarksTheCustomersLastMessageReadOnce()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "first", dedupeKey: "wamid.first", channel: Channel.WhatsApp, to: Domain.WhatsAppId));
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "second", dedupeKey: "wamid.second", channel: Channel.WhatsApp, to: Domain.WhatsAppId));
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550124", "an SMS", dedupeKey: "SM-1"));
        var whatsApp = (await domain.OnlyConversationAsync("+14255550123")).Id; // WhatsApp's wa_id, kept as E.164
        var sms = (await domain.OnlyConversationAsync("+14255550124")).Id;
        var (_, ann) = await domain.NewAgentAsync("Ann", Role.Agent);

        await Conversation(domain, whatsApp).MarkRead(ann);
        await Eventually.True(() => domain.Sender.MarkedRead.Count == 1, "marked read");
        await Conversation(domain, whatsApp).MarkRead(ann);
        await Conversation(domain, sms).MarkRead(ann);
        await Task.Delay(200);

        Assert.Equal((Domain.WhatsAppId, "+14255550123", "wamid.second"), Assert.Single(domain.Sender.MarkedRead));
    }

    private static IConversationGrain Conversation(Domain domain, string id) => domain.Grains.GetGrain<IConversationGrain>(id);

    private static async Task<string> StartConversationAsync(Domain domain)
    {
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        return (await domain.OnlyConversationAsync()).Id;
    }
}

public sealed class SqliteProviderOutcomes : ProviderOutcomeConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresProviderOutcomes : ProviderOutcomeConformance
{
    protected override string Store => Stores.Postgres;
}
