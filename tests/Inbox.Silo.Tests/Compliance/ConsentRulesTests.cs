using Inbox.Silo.Compliance;

namespace Inbox.Silo.Tests.Compliance;

public sealed class ConsentRulesTests
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AStopThatArrivesBeforeAnEarlierStartLeavesThePersonOptedOutAndTheStartDecidesNothing()
    {
        var stop = Apply(Start(), new ConsentMarks(), ConsentAction.OptOut, Ten.AddMinutes(1));
        var start = Apply(stop.Consent, stop.Marks, ConsentAction.OptIn, Ten);

        Assert.True(start.Consent.OptedOut);
        Assert.Equal(Ten.AddMinutes(1), start.Consent.UpdatedAt);
        Assert.True(stop.SetsOptOut);
        Assert.False(start.SetsOptOut);
    }

    [Fact]
    public void AtTheSameTimeAnOptOutWinsWhicheverComesFirst()
    {
        var startFirst = Apply(Start(), new ConsentMarks(), ConsentAction.OptIn, Ten);
        var thenStop = Apply(startFirst.Consent, startFirst.Marks, ConsentAction.OptOut, Ten);
        var stopFirst = Apply(Start(), new ConsentMarks(), ConsentAction.OptOut, Ten);
        var thenStart = Apply(stopFirst.Consent, stopFirst.Marks, ConsentAction.OptIn, Ten);

        Assert.True(thenStop.Consent.OptedOut);
        Assert.True(thenStart.Consent.OptedOut);
        Assert.False(thenStart.SetsOptOut);
    }

    [Fact]
    public void AMarketingWithdrawalTouchesOnlyMarketingAndAnOlderOneChangesNothing()
    {
        var marketing = Apply(Start(), new ConsentMarks(), ConsentAction.OptInMarketing, Ten);
        var withdrawn = Apply(marketing.Consent, marketing.Marks, ConsentAction.WithdrawMarketing, Ten.AddMinutes(1));
        var older = Apply(marketing.Consent, marketing.Marks, ConsentAction.WithdrawMarketing, Ten.AddMinutes(-1));

        Assert.Equal(new ConsentSnapshot(false, true, false), withdrawn.Consent.Snapshot);
        Assert.Equal(new ConsentSnapshot(false, true, true), older.Consent.Snapshot);
    }

    [Fact]
    public void ARecordKeptBeforeMarksIsNotUndoneByAnOlderChange()
    {
        var optedOut = new NumberConsent("sms:+14255550100", true, false, false, Ten);

        Assert.True(Apply(optedOut, ConsentMarks.Legacy(optedOut), ConsentAction.OptIn, Ten.AddMinutes(-1)).Consent.OptedOut);
        Assert.False(Apply(optedOut, ConsentMarks.Legacy(optedOut), ConsentAction.OptIn, Ten.AddMinutes(1)).Consent.OptedOut);
    }

    /// <summary>The rule itself: any arrival order gives the state of applying the changes one by one in time order, ties to opt-out.</summary>
    [Fact]
    public void EveryArrivalOrderGivesTheStateOfApplyingTheChangesInTimeOrder()
    {
        var random = new Random(20261123);
        var actions = Enum.GetValues<ConsentAction>();
        for (var trial = 0; trial < 2000; trial++)
        {
            var changes = Enumerable.Range(0, random.Next(1, 7))
                .Select(_ => (Action: actions[random.Next(actions.Length)], At: Ten.AddMinutes(random.Next(4))))
                .ToList();
            var expected = changes.OrderBy(c => c.At).ThenBy(c => ConsentMark.Restriction(c.Action))
                .Aggregate(Start(), (consent, c) => InOrder(consent, c.Action, c.At));

            var (consent, marks) = (Start(), new ConsentMarks());
            foreach (var change in changes.OrderBy(_ => random.Next()))
            {
                var step = Apply(consent, marks, change.Action, change.At);
                (consent, marks) = (step.Consent, step.Marks);
            }

            Assert.Equal(expected.Snapshot, consent.Snapshot);
            Assert.Equal(changes.Max(c => c.At), consent.UpdatedAt);
        }
    }

    /// <summary>The rules as they read when changes come in order: what each change does to the state before it.</summary>
    private static NumberConsent InOrder(NumberConsent current, ConsentAction action, DateTimeOffset at) => action switch
    {
        ConsentAction.OptOut => current with { OptedOut = true, Alerts = false, Marketing = false, UpdatedAt = at },
        ConsentAction.OptIn => current with { OptedOut = false, Alerts = true, UpdatedAt = at },
        ConsentAction.OptInMarketing => current with { OptedOut = false, Alerts = true, Marketing = true, UpdatedAt = at },
        _ => current with { Marketing = false, UpdatedAt = at },
    };

    private static NumberConsent Start() => new("sms:+14255550100", false, false, false, Ten.AddHours(-1));

    private static ConsentStep Apply(NumberConsent current, ConsentMarks marks, ConsentAction action, DateTimeOffset at) =>
        ConsentRules.Apply(current, marks, action, at);
}
