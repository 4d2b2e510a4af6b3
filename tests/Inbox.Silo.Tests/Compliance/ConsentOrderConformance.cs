using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;

namespace Inbox.Silo.Tests.Compliance;

/// <summary>
/// Consent follows when each change was made (the provider's time for a keyword, receipt for the API),
/// not the order changes arrive in: out of order gives the same state as in order, and a tie goes to opt-out.
/// </summary>
public abstract class ConsentOrderConformance
{
    private const string Customer = "+14255550123";

    /// <summary>Monday 10:00 UTC (02:00 in Los Angeles: keyword replies go whatever the hour).</summary>
    private static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AStopDeliveredBeforeAnEarlierStartLeavesThePersonOptedOutAndTheTrailInProviderTimeOrder()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(2));
        await using var domain = await Domain.StartAsync(Store, time);

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: Ten.AddMinutes(1)));
        time.Advance(TimeSpan.FromSeconds(30));
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "START", at: Ten));

        var current = await ConsentAsync(domain);
        Assert.True(current.For(domain.SmsKey).OptedOut);
        Assert.Equal(Ten.AddMinutes(1), current.Numbers.Single().UpdatedAt);
        var history = await HistoryAsync(domain);
        Assert.Equal([("opt_out", Ten.AddMinutes(1)), ("opt_in", Ten)], history.Select(h => (h.Change, h.At))); // newest first: START, then STOP
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.Text!.Contains("unsubscribed")), "the STOP confirmed");
        await domain.SentinelAsync();
        Assert.DoesNotContain(domain.Sender.Sent, s => s.Text!.Contains("subscribed again")); // the START came too late to count
    }

    [StoreFact]
    public async Task AStartAndAStopAtTheSameProviderTimeLeaveThePersonOptedOutWhicheverArrivesFirst()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(2));
        await using var domain = await Domain.StartAsync(Store, time);
        const string other = "+14255550124";

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "START", at: Ten));
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: Ten));
        await domain.Inbound.ProcessAsync(Domain.Message(other, "STOP", at: Ten));
        await domain.Inbound.ProcessAsync(Domain.Message(other, "START", at: Ten));

        Assert.True((await ConsentAsync(domain)).For(domain.SmsKey).OptedOut);
        Assert.True((await ConsentAsync(domain, other)).For(domain.SmsKey).OptedOut);
        Assert.Equal("opt_out", (await HistoryAsync(domain, other))[0].Change); // the trail agrees: the opt-out is the latest word
    }

    [StoreFact]
    public async Task AnApiOptInReceivedAfterAStopOptsBackInAndAStopOlderThanTheOptInChangesNothing()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(2));
        await using var domain = await Domain.StartAsync(Store, time);
        const string late = "+14255550124";
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: Ten.AddMinutes(1)));

        time.Advance(TimeSpan.FromMinutes(3)); // 10:05
        await OptInAsync(domain, Customer);
        await OptInAsync(domain, late);
        time.Advance(TimeSpan.FromMinutes(1)); // 10:06: a STOP written at 10:01 arrives only now
        await domain.Inbound.ProcessAsync(Domain.Message(late, "STOP", at: Ten.AddMinutes(1)));

        Assert.Equal(new ConsentSnapshot(false, true, false), (await ConsentAsync(domain)).For(domain.SmsKey));
        Assert.Equal(new ConsentSnapshot(false, true, false), (await ConsentAsync(domain, late)).For(domain.SmsKey));
        var trail = await HistoryAsync(domain, late);
        Assert.Equal([("opt_in", "api", Ten.AddMinutes(5)), ("opt_out", "keyword", Ten.AddMinutes(1))], trail.Select(h => (h.Change, h.Method, h.At)));
    }

    [StoreFact]
    public async Task AMarketingChangeOnlyChangesMarketingWhateverOrderTheChangesArriveIn()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(5));
        await using var domain = await Domain.StartAsync(Store, time);
        var consent = domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, Customer));
        await consent.Change(Caller.Owner(), new ConsentChange(ConsentAction.OptInMarketing, ConsentMethod.Api, domain.SmsKey, "web form"));
        time.Advance(TimeSpan.FromMinutes(5)); // 10:10
        await consent.Change(Caller.Owner(), new ConsentChange(ConsentAction.WithdrawMarketing, ConsentMethod.Api, domain.SmsKey, "preferences page"));

        time.Advance(TimeSpan.FromMinutes(1)); // a STOP written at 10:03 arrives only now
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: Ten.AddMinutes(3)));

        // In time order: STOP, opt in to marketing (which lifts it), withdraw marketing (which touches nothing else).
        Assert.Equal(new ConsentSnapshot(false, true, false), (await consent.Get()).For(domain.SmsKey));
        Assert.Equal(["withdraw_marketing", "opt_in_marketing", "opt_out"], (await HistoryAsync(domain)).Select(h => h.Change));
    }

    [StoreFact]
    public async Task AStopAllOlderThanAStartOnOneNumberLeavesThatNumberOptedIn()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(5));
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.RegisterAsync("sms:+14255550101", new Numbers.NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "START", at: Ten.AddMinutes(2)));
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOPALL", to: "+14255550101", at: Ten.AddMinutes(1)));

        var current = await ConsentAsync(domain);
        Assert.False(current.For(domain.SmsKey).OptedOut);
        Assert.True(current.For("sms:+14255550101").OptedOut);
    }

    [StoreFact]
    public async Task TheFiguresCountChangesThatArrivedOutOfOrderOnce()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(2));
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: Ten.AddMinutes(1)));
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "START", at: Ten));

        var figures = await domain.Cluster.Service<Figures>().ForBrandAsync(Caller.Owner(), domain.BrandId, Ten.AddHours(-1), Ten.AddHours(1));

        var sms = figures.Numbers.Single(n => n.Scope == domain.SmsKey);
        Assert.Equal((People: 1, OptIns: 1, OptOuts: 1), (sms.People, sms.OptIns, sms.OptOuts));
        Assert.True((await ConsentAsync(domain)).For(domain.SmsKey).OptedOut);
    }

    private static Task<ConsentView> ConsentAsync(Domain domain, string address = Customer) =>
        domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, address)).Get();

    private static Task<List<ConsentEventView>> HistoryAsync(Domain domain, string address = Customer) =>
        domain.Cluster.Service<ConsentHistory>().ForAsync(Caller.Owner(), domain.BrandId, Channel.Sms, address);

    private static Task<ConsentView> OptInAsync(Domain domain, string address) =>
        domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, address))
            .Change(Caller.Owner(), new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, domain.SmsKey, "signed up on the web"));
}

public sealed class SqliteConsentOrder : ConsentOrderConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresConsentOrder : ConsentOrderConformance
{
    protected override string Store => Stores.Postgres;
}
