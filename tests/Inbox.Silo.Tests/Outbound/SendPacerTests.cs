using Inbox.Silo.Channels;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Silo.Tests.Outbound;

/// <summary>
/// The outbox's pacing as a provider counts it: in every sliding window of the provider's unit no more sends than the
/// limit, and a steady queue still gets at least 97 % of what the limit permits. Driven by a sender loop on a fake clock,
/// each request taking some time, with idle spells (after which a token bucket alone would let about twice the limit go).
/// </summary>
public sealed class SendPacerTests
{
    public static TheoryData<Channel, int, double> Channels => new()
    {
        { Channel.Sms, 0, 0.020 }, { Channel.Sms, 5, 0.300 }, { Channel.WhatsApp, 0, 0.002 }, { Channel.WhatsApp, 3, 0.004 },
        { Channel.Messenger, 2, 0.001 }, { Channel.Telegram, 4, 0.010 },
    };

    [Theory]
    [MemberData(nameof(Channels))]
    public void NoWindowOfTheProvidersUnitHoldsMoreThanTheLimitAndASteadyQueueGetsAlmostAllOfIt(Channel channel, int idleUnits, double requestSeconds)
    {
        var (rate, burst) = NumberRules.DefaultPacing(channel);
        var unit = NumberRules.PacingUnit(channel);
        var limit = SendPacer.Limit(rate, unit);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var pacer = new SendPacer(rate, burst, unit, time.GetUtcNow());
        var seen = new List<DateTimeOffset>();

        // A few sends, then idle (the bucket fills up), then a queue that never runs dry for over a minute, idle again, and more.
        Send(pacer, time, seen, 3, requestSeconds);
        time.Advance(unit * idleUnits + TimeSpan.FromSeconds(7));
        var steadyStart = time.GetUtcNow();
        var steadyFor = unit * Math.Max(2, (int)Math.Ceiling(61 / unit.TotalSeconds));
        while (time.GetUtcNow() - steadyStart < steadyFor) Send(pacer, time, seen, 1, requestSeconds);
        var steady = seen.Count(s => s >= steadyStart && s < steadyStart + steadyFor);
        time.Advance(unit * idleUnits + TimeSpan.FromSeconds(1.5));
        Send(pacer, time, seen, limit * 2, requestSeconds);

        Assert.True(MostInAnyWindow(seen, unit) <= limit, $"{MostInAnyWindow(seen, unit)} sends in one {unit} window; the limit is {limit}");
        var permitted = limit * steadyFor.TotalSeconds / unit.TotalSeconds;
        Assert.True(steady / permitted >= 0.97, $"achieved {steady / permitted:P1} of what the limit permits ({steady} of {permitted:N0} in {steadyFor})");
    }

    [Fact]
    public void AfterIdleTheBucketsBurstIsHeldToTheWindowThatAlreadyHoldsTheLimit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        // 10 a minute with a burst of 10: a token bucket alone would send 10 now and 10 more within the minute.
        var pacer = new SendPacer(10 / 60.0, 10, TimeSpan.FromMinutes(1), time.GetUtcNow());
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Take(time.GetUtcNow()));
            pacer.Sent(time.GetUtcNow());
        }
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Take(time.GetUtcNow()));
        // A timer that fired 3 ms early finds the window still closed for those 3 ms.
        time.Advance(TimeSpan.FromMilliseconds(997));
        Assert.Equal(TimeSpan.FromMilliseconds(3), pacer.WindowWait(time.GetUtcNow()));
        time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.Equal(TimeSpan.Zero, pacer.WindowWait(time.GetUtcNow()));
    }

    [Fact]
    public void ASendIsCountedWhenItsRequestWasAnsweredSoASlowRequestNeverLetsTheNextWindowGoEarly()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new SendPacer(2, 2, TimeSpan.FromSeconds(1), time.GetUtcNow());
        pacer.Take(time.GetUtcNow());
        time.Advance(TimeSpan.FromMilliseconds(400));
        pacer.Sent(time.GetUtcNow());
        pacer.Take(time.GetUtcNow());
        pacer.Sent(time.GetUtcNow());

        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Take(time.GetUtcNow()));
    }

    /// <summary>Sends <paramref name="count"/> as the outbox does: wait as told (a timer firing early), check the window again, make the request, log it when answered; the provider sees it mid-request.</summary>
    private static void Send(SendPacer pacer, FakeTimeProvider time, List<DateTimeOffset> seen, int count, double requestSeconds)
    {
        for (var i = 0; i < count; i++)
        {
            // The timer fires up to 4 ms early, as coarse timers do; the outbox then asks the window again.
            var wait = pacer.Take(time.GetUtcNow()) - TimeSpan.FromMilliseconds(4);
            if (wait > TimeSpan.Zero) time.Advance(wait);
            while (pacer.WindowWait(time.GetUtcNow()) is var early && early > TimeSpan.Zero) time.Advance(early);
            time.Advance(TimeSpan.FromSeconds(requestSeconds / 2));
            seen.Add(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(requestSeconds / 2));
            pacer.Sent(time.GetUtcNow());
        }
    }

    /// <summary>The most sends in any window [t, t + unit), as a provider's sliding counter sees them.</summary>
    private static int MostInAnyWindow(List<DateTimeOffset> sends, TimeSpan unit)
    {
        var most = 0;
        for (int first = 0, last = 0; last < sends.Count; last++)
        {
            while (sends[last] - sends[first] >= unit) first++;
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }
}
