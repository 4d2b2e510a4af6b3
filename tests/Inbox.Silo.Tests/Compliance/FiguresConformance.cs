using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Compliance;

/// <summary>The figures of a known history, as docs/compliance.md defines them, on a real store.</summary>
public abstract class FiguresConformance
{
    private const string Ana = "+14255550111";
    private const string Ben = "+14255550112";
    private const string Cat = "+14255550113";
    private const string Dan = "+14255550114";
    private const string AlertsAddress = "+14255550101";
    private const string AlertsKey = "sms:" + AlertsAddress;

    /// <summary>Monday 11:00 in Los Angeles: inside the brand's hours.</summary>
    private static readonly DateTimeOffset Daytime = new(2026, 11, 23, 19, 0, 0, TimeSpan.Zero);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task EachFigureOfANumberAndOfAChannelFollowsItsDefinition()
    {
        await using var history = await History.StartAsync(Store);
        var (domain, time) = (history.Domain, history.Time);
        var from = time.GetUtcNow();
        var anaSms = await history.WritesAsync(Ana, "hi");
        var benSms = await history.WritesAsync(Ben, "hi");
        var anaWhatsApp = await history.WritesAsync(Ana, "hi", Channel.WhatsApp);

        var one = await history.ReplyAsync(anaSms, "one");
        await history.ReportAsync(one, DeliveryStatus.Delivered, after: TimeSpan.FromSeconds(5));
        domain.Sender.Then(new SendResult.Undeliverable("30003", "unreachable handset"));
        await history.ReplyAsync(anaSms, "two");
        var three = await history.ReplyAsync(benSms, "three");
        await history.ReportAsync(three, DeliveryStatus.Failed, errorCode: "30008");
        var waOne = await history.ReplyAsync(anaWhatsApp, "wa one", Channel.WhatsApp);
        await history.ReportAsync(waOne, DeliveryStatus.Delivered, Channel.WhatsApp, TimeSpan.FromSeconds(3));
        await history.ReportAsync(waOne, DeliveryStatus.Read, Channel.WhatsApp);
        var waTwo = await history.ReplyAsync(anaWhatsApp, "wa two", Channel.WhatsApp);
        await history.ReportAsync(waTwo, DeliveryStatus.Failed, Channel.WhatsApp, errorCode: "131026");

        await history.WritesAsync(Ben, "STOP");
        await history.WritesAsync(Ben, "START");
        await history.WritesAsync(Ben, "START"); // a second opt-in by the same person
        await history.WritesAsync(Ana, "STOPALL", to: AlertsAddress); // covers both SMS numbers, not WhatsApp
        await history.OptInAsync(Cat, Channel.Sms); // no number: both SMS numbers
        await history.OptInAsync(Dan, Channel.Sms, AlertsKey);
        await history.OptInAsync(Dan, Channel.WhatsApp); // no number: the WhatsApp number
        var refused = await Assert.ThrowsAsync<DomainException>(() => domain.Grains.GetGrain<IConversationGrain>(anaSms).Send(Caller.Owner(), new Outgoing("after STOPALL")));
        Assert.Equal("opted_out", refused.Code);

        var figures = await history.FiguresAsync(from);

        // one (delivered), two (refused by the provider), three (failed later), three confirmations in flight; the send after
        // STOPALL was refused up front, so it is no message and no failure, only a refusal by consent
        var support = figures.Numbers.Single(n => n.Scope == domain.SmsKey);
        Assert.Equal((5, 1, 0, 2), (support.Sent, support.Delivered, support.Read, support.Failed));
        Assert.Equal(new Dictionary<string, int> { ["undeliverable"] = 1, ["30008"] = 1 }, support.FailedByReason);
        Assert.Equal(1.0 / 3, support.DeliveryRate); // one of the three that reached an outcome at the provider
        Assert.Equal(TimeSpan.FromSeconds(5), support.MedianTimeToDelivery);
        Assert.Equal((2, 3), (support.Recipients, support.People)); // sent to Ana and Ben; Cat's opt-in covered it too
        Assert.Equal((2, 2), (support.OptIns, support.OptOuts)); // opt-ins Ben and Cat, opt-outs Ben and Ana
        Assert.Equal((2.0 / 3, 2.0 / 3), (support.OptInRate, support.OptOutRate)); // of Ana, Ben and Cat
        Assert.Equal((0, 0, 1), (support.HeldByQuietHours, support.RefusedByWindow, support.RefusedByConsent));

        var alerts = figures.Numbers.Single(n => n.Scope == AlertsKey);
        Assert.Equal((1, 0, 0, 0), (alerts.Sent, alerts.Delivered, alerts.Read, alerts.Failed)); // the STOPALL confirmation, in flight
        Assert.Equal((null, null), (alerts.DeliveryRate, alerts.MedianTimeToDelivery));
        Assert.Equal((1, 3, 2, 1), (alerts.Recipients, alerts.People, alerts.OptIns, alerts.OptOuts)); // opt-ins Cat and Dan, opt-out Ana
        Assert.Equal((2.0 / 3, 1.0 / 3), (alerts.OptInRate, alerts.OptOutRate)); // of Ana, Cat and Dan

        var whatsApp = figures.Numbers.Single(n => n.Scope == domain.WhatsAppKey);
        Assert.Equal((2, 1, 1, 1), (whatsApp.Sent, whatsApp.Delivered, whatsApp.Read, whatsApp.Failed));
        Assert.Equal(new Dictionary<string, int> { ["131026"] = 1 }, whatsApp.FailedByReason);
        Assert.Equal((0.5, TimeSpan.FromSeconds(3)), (whatsApp.DeliveryRate, whatsApp.MedianTimeToDelivery));
        Assert.Equal((1, 2, 1, 0), (whatsApp.Recipients, whatsApp.People, whatsApp.OptIns, whatsApp.OptOuts)); // Dan's opt-in; Ana's STOPALL was on SMS
        Assert.Equal((0.5, 0.0), (whatsApp.OptInRate, whatsApp.OptOutRate)); // of Ana and Dan

        var sms = figures.Channels.Single(c => c.Channel == Channel.Sms);
        Assert.Equal((6, 1, 0, 2), (sms.Sent, sms.Delivered, sms.Read, sms.Failed));
        Assert.Equal((1.0 / 3, TimeSpan.FromSeconds(5)), (sms.DeliveryRate, sms.MedianTimeToDelivery));
        Assert.Equal((2, 4, 3, 2), (sms.Recipients, sms.People, sms.OptIns, sms.OptOuts)); // each person once, whichever numbers they touched
        Assert.Equal((0.75, 0.5), (sms.OptInRate, sms.OptOutRate)); // of Ana, Ben, Cat and Dan
        Assert.Equal(1, sms.RefusedByConsent);
        var whatsAppChannel = figures.Channels.Single(c => c.Channel == Channel.WhatsApp);
        Assert.Equal(whatsApp with { Scope = whatsAppChannel.Scope, FailedByReason = whatsAppChannel.FailedByReason }, whatsAppChannel);
    }

    [StoreFact]
    public async Task NoRateExceedsOneHundredPercentHoweverOftenPeopleOptIn()
    {
        await using var history = await History.StartAsync(Store);
        var from = history.Time.GetUtcNow();
        await history.WritesAsync(Ben, "hi");
        await history.WritesAsync(Ben, "START");
        await history.WritesAsync(Ben, "YES");
        await history.OptInAsync(Cat, Channel.Sms, history.Domain.SmsKey); // people the number never wrote to
        await history.OptInAsync(Dan, Channel.Sms, history.Domain.SmsKey);
        await history.OptInAsync(Dan, Channel.Sms);

        var figures = await history.FiguresAsync(from);

        var support = figures.Numbers.Single(n => n.Scope == history.Domain.SmsKey);
        Assert.Equal((3, 3, 1.0), (support.OptIns, support.People, support.OptInRate));
        Assert.All(figures.Numbers.Concat(figures.Channels), f =>
        {
            foreach (var rate in new[] { f.DeliveryRate, f.OptInRate, f.OptOutRate })
                Assert.InRange(rate ?? 0, 0, 1);
        });
    }

    [StoreFact]
    public async Task AChangeForEveryNumberOnAChannelCountsForEachNumberItCovered()
    {
        await using var history = await History.StartAsync(Store);
        var domain = history.Domain;
        var from = history.Time.GetUtcNow();
        await history.OptInAsync(Cat, Channel.Sms); // no number key: all the brand's SMS numbers
        await history.WritesAsync(Ana, "STOPALL"); // to the support number: all the brand's SMS numbers

        var figures = await history.FiguresAsync(from);

        var cat = await domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, Cat)).Get();
        var ana = await domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, Ana)).Get();
        foreach (var key in new[] { domain.SmsKey, AlertsKey })
        {
            Assert.True(cat.For(key).Alerts);
            Assert.True(ana.For(key).OptedOut);
            var number = figures.Numbers.Single(n => n.Scope == key);
            Assert.Equal((1, 1), (number.OptIns, number.OptOuts));
        }
        var sms = figures.Channels.Single(c => c.Channel == Channel.Sms);
        Assert.Equal((1, 1), (sms.OptIns, sms.OptOuts));
        var trail = await domain.Cluster.Service<ConsentHistory>().ForAsync(Caller.Owner(), domain.BrandId, Channel.Sms, Ana);
        Assert.Equal(domain.SmsKey, trail.Single().NumberKey); // came through one number
        Assert.Equal([domain.SmsKey, AlertsKey], trail.Single().Numbers!); // and covered both
        var whatsApp = figures.Numbers.Single(n => n.Scope == domain.WhatsAppKey);
        Assert.Equal((0, 0, null), (whatsApp.OptIns, whatsApp.OptOuts, whatsApp.OptInRate)); // SMS and WhatsApp never mix
    }

    /// <summary>A brand with a support and an alerts SMS number and a WhatsApp number, and the steps of a history on them.</summary>
    private sealed class History(Domain domain, FakeTimeProvider time) : IAsyncDisposable
    {
        public Domain Domain { get; } = domain;

        public FakeTimeProvider Time { get; } = time;

        public static async Task<History> StartAsync(string store)
        {
            var time = new FakeTimeProvider(Daytime);
            var domain = await Domain.StartAsync(store, time);
            await domain.RegisterAsync(AlertsKey, new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));
            return new History(domain, time);
        }

        /// <summary>A customer's message (answered at once when it is a keyword); returns its conversation.</summary>
        public async Task<string> WritesAsync(string from, string text, Channel channel = Channel.Sms, string? to = null)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            var number = to ?? (channel == Channel.Sms ? Domain.SmsAddress : Domain.WhatsAppId);
            var sender = channel == Channel.Sms ? from : from.TrimStart('+');
            await Domain.Inbound.ProcessAsync(Domain.Message(sender, text, channel: channel, to: number, at: Time.GetUtcNow()));
            var key = new NumberKey(channel, number).ToString();
            await Domain.DrainAsync(key);
            var page = await Domain.Conversations.ListAsync(Caller.Owner(), new(Domain.BrandId, NumberKey: key), null, 50);
            return page.Items.Single(c => c.ContactAddress == from).Id;
        }

        /// <summary>An agent's reply, once the outbox is done with it.</summary>
        public async Task<MessageView> ReplyAsync(string conversationId, string text, Channel channel = Channel.Sms)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            var message = await Domain.Grains.GetGrain<IConversationGrain>(conversationId).Send(Caller.Owner(), new Outgoing(text));
            await Domain.DrainAsync(channel == Channel.Sms ? Domain.SmsKey : Domain.WhatsAppKey);
            await Eventually.True(async () => (await Domain.ThreadAsync(conversationId)).Single(m => m.Id == message.Id).Status != DeliveryStatus.Queued, $"'{text}' left the outbox");
            return message;
        }

        /// <summary>The provider's status callback for a reply the scripted sender accepted.</summary>
        public async Task ReportAsync(MessageView message, DeliveryStatus status, Channel channel = Channel.Sms, TimeSpan? after = null, string? errorCode = null)
        {
            Time.Advance(after ?? TimeSpan.FromSeconds(1));
            var to = channel == Channel.Sms ? Domain.SmsAddress : Domain.WhatsAppId;
            await Domain.Inbound.ProcessAsync(Domain.Status("prov_" + message.Id, status, channel, to) with { ProviderTimestamp = Time.GetUtcNow(), ErrorCode = errorCode });
        }

        public async Task OptInAsync(string address, Channel channel, string? numberKey = null)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(Domain.BrandId, channel, address))
                .Change(Caller.Owner(), new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, numberKey, "signed up on the web"));
        }

        public Task<BrandFigures> FiguresAsync(DateTimeOffset from) =>
            Domain.Cluster.Service<Figures>().ForBrandAsync(Caller.Owner(), Domain.BrandId, from, Time.GetUtcNow().AddSeconds(1));

        public ValueTask DisposeAsync() => Domain.DisposeAsync();
    }
}

public sealed class SqliteFigures : FiguresConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresFigures : FiguresConformance
{
    protected override string Store => Stores.Postgres;
}
