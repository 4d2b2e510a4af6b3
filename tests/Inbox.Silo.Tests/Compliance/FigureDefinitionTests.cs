using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;

namespace Inbox.Silo.Tests.Compliance;

/// <summary>The definitions of docs/compliance.md, on facts written by hand, without the runtime.</summary>
public sealed class FigureDefinitionTests
{
    private const string Support = "sms:+14255550100";
    private const string Alerts = "sms:+14255550101";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DeliveryRateCountsOnlyWhatReachedAnOutcomeAtTheProvider()
    {
        var facts = new FigureFacts(
            [
                Sent("+1555000001", "delivered", after: 2), Sent("+1555000002", "read", after: 4),
                Sent("+1555000003", "failed", code: "30008"), Sent("+1555000004", "sent"), // failed at the provider; in flight
                new OutboundFact(Support, "+1555000005", "failed", "undeliverable", false, false, T0, null), // refused by the provider when handed over
                new OutboundFact(Support, "+1555000006", "failed", "opted_out", false, true, T0, null), // refused by a rule: never left
            ],
            [], [], []);

        var figures = FigureDefinitions.Compute(Support, Channel.Sms, new HashSet<string> { Support }, facts);

        Assert.Equal((4, 2, 1, 3), (figures.Sent, figures.Delivered, figures.Read, figures.Failed));
        Assert.Equal(0.5, figures.DeliveryRate); // 2 of delivered 2 + failed 30008 + undeliverable
        Assert.Equal(TimeSpan.FromSeconds(3), figures.MedianTimeToDelivery);
        Assert.Equal((4, 6), (figures.Recipients, figures.People));
    }

    [Fact]
    public void PeopleAreCountedOnceHoweverOftenTheyOptInAndEveryoneWhoOptedInIsCounted()
    {
        var facts = new FigureFacts([], [new ContactFact(Support, "+1555000001")],
        [
            new ConsentFact("+1555000001", "opt_in", [Support]), new ConsentFact("+1555000001", "opt_in_marketing", [Support]),
            new ConsentFact("+1555000002", "opt_in", [Support, Alerts]), // without a number: both
            new ConsentFact("+1555000003", "opt_out", [Support, Alerts]), // STOPALL
            new ConsentFact("+1555000003", "withdraw_marketing", [Alerts]),
        ], []);

        var support = FigureDefinitions.Compute(Support, Channel.Sms, new HashSet<string> { Support }, facts);
        var alerts = FigureDefinitions.Compute(Alerts, Channel.Sms, new HashSet<string> { Alerts }, facts);

        Assert.Equal((3, 2, 1, 2.0 / 3, 1.0 / 3), (support.People, support.OptIns, support.OptOuts, support.OptInRate, support.OptOutRate));
        Assert.Equal((2, 1, 1, 0.5, 0.5), (alerts.People, alerts.OptIns, alerts.OptOuts, alerts.OptInRate, alerts.OptOutRate));
    }

    [Fact]
    public void AMessageHeldTwiceIsOneHeldMessage()
    {
        var facts = new FigureFacts([], [], [],
        [
            new DecisionFact(Support, "msg_1", "held", "quiet_hours"), new DecisionFact(Support, "msg_1", "held", "quiet_hours"),
            new DecisionFact(Support, null, "refused", "window_closed"), new DecisionFact(Support, "msg_2", "refused", "no_consent"),
            new DecisionFact(Alerts, "msg_3", "refused", "opted_out"),
        ]);

        var support = FigureDefinitions.Compute(Support, Channel.Sms, new HashSet<string> { Support }, facts);

        Assert.Equal((1, 1, 1), (support.HeldByQuietHours, support.RefusedByWindow, support.RefusedByConsent));
    }

    [Fact]
    public void NoRateOfAnyHistoryExceedsOneHundredPercent()
    {
        var random = new Random(8);
        string[] statuses = ["queued", "sent", "delivered", "read", "failed"];
        string[] changes = ["opt_in", "opt_in_marketing", "opt_out", "withdraw_marketing"];
        string[] numbers = [Support, Alerts];
        for (var history = 0; history < 500; history++)
        {
            string Person() => $"+155500000{random.Next(6)}";
            string[] Covered() => random.Next(3) switch { 0 => [Support], 1 => [Alerts], _ => numbers };
            var facts = new FigureFacts(
                Enumerable.Range(0, random.Next(8)).Select(_ => new OutboundFact(numbers[random.Next(2)], Person(), statuses[random.Next(5)], null,
                    random.Next(2) == 0, random.Next(4) == 0, T0, random.Next(2) == 0 ? T0.AddSeconds(random.Next(60)) : null)).ToArray(),
                Enumerable.Range(0, random.Next(4)).Select(_ => new ContactFact(numbers[random.Next(2)], Person())).ToArray(),
                Enumerable.Range(0, random.Next(10)).Select(_ => new ConsentFact(Person(), changes[random.Next(4)], Covered())).ToArray(),
                []);
            foreach (var scope in new[] { new HashSet<string> { Support }, new HashSet<string> { Alerts }, numbers.ToHashSet() })
            {
                var f = FigureDefinitions.Compute("scope", Channel.Sms, scope, facts);
                foreach (var rate in new[] { f.DeliveryRate, f.OptInRate, f.OptOutRate })
                    Assert.InRange(rate ?? 0, 0, 1);
                Assert.True(f.Recipients <= f.People && f.OptIns <= f.People && f.OptOuts <= f.People && f.Delivered <= f.Sent && f.Read <= f.Delivered, $"history {history}: {f}");
            }
        }
    }

    private static OutboundFact Sent(string to, string status, int? after = null, string? code = null) =>
        new(Support, to, status, code, true, false, T0, after is { } seconds ? T0.AddSeconds(seconds) : null);
}
