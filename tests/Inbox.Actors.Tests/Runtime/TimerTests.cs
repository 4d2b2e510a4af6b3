namespace Inbox.Actors.Tests.Runtime;

public sealed class TimerTests
{
    [Fact]
    public async Task TimerTicksNeverOverlapEvenWhenATickOutlastsThePeriod()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>(Silos.Key());

        await grain.Start(periodMs: 10, tickMs: 50);
        await Eventually.True(async () => await grain.Ticks() >= 4, "four ticks");

        Assert.Equal(1, cluster.Probe().MaxConcurrent);
    }

    [Fact]
    public async Task ATimerDiesWithItsActivation()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(time: time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>(key);
        await grain.Start(periodMs: 1000, tickMs: 0);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => cluster.Probe().Count($"tick:{key}") == 1, "first tick");

        await grain.Deactivate();
        await Eventually.True(() => cluster.Service<Catalog>().Count == 0, "deactivated");
        time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(100);

        Assert.Equal(1, cluster.Probe().Count($"tick:{key}"));
        Assert.Equal(0, cluster.Service<Catalog>().Count);
    }
}
