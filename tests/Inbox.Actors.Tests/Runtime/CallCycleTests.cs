namespace Inbox.Actors.Tests.Runtime;

public sealed class CallCycleTests
{
    [Fact]
    public async Task NonReentrantCallCycleTimesOut()
    {
        var config = Stores.Configuration(Stores.Sqlite);
        config["Inbox:Actors:ResponseTimeout"] = "00:00:01";
        config["Inbox:Actors:ResponseTimeoutScanPeriod"] = "00:00:00.100";
        await using var cluster = await Silos.StartAsync(config);
        var a = Silos.Key();
        var b = Silos.Key();

        var started = Environment.TickCount64;
        var error = await Assert.ThrowsAsync<TimeoutException>(() => cluster.GrainFactory.GetGrain<ICycleGrain>(a).CallThrough(b));
        var elapsed = Environment.TickCount64 - started;

        Assert.InRange(elapsed, 900, 5_000);
        Assert.Contains("No response within 00:00:01", error.Message);
        // Both grains are free again afterwards.
        Assert.Equal("pong", await cluster.GrainFactory.GetGrain<ICycleGrain>(a).Ping());
        Assert.Equal("pong", await cluster.GrainFactory.GetGrain<ICycleGrain>(b).Ping());
    }

    [Fact]
    public async Task ACallWithoutCycleDoesNotTimeOut()
    {
        await using var cluster = await Silos.StartAsync();
        Assert.Equal("pong", await cluster.GrainFactory.GetGrain<ICycleGrain>(Silos.Key()).CallBack(Silos.Key()));
    }
}
