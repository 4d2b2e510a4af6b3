namespace Inbox.Actors.Tests.Runtime;

public sealed class LifecycleTests
{
    [Fact]
    public async Task AStoppingSiloActivatesNoGrainAndTheCallFailsWithTheReason()
    {
        var probe = new Probe();
        var cluster = await Silos.StartAsync(probe: probe);
        var key = Silos.Key();
        await cluster.GrainFactory.GetGrain<IHandoverGrain>(key).Touch();

        await cluster.DisposeAsync();

        // An activation started during shutdown would outlive the silo's storage (a send recorded nowhere, then sent again).
        Assert.Contains("handover:SiloUnavailableException", probe.Events);
        Assert.DoesNotContain(probe.Events, e => e.StartsWith($"activate:handover-{key}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnIdleActivationIsCollectedAfterTheCollectionAge()
    {
        var time = new ManualTimeProvider();
        var config = Stores.Configuration(Stores.Sqlite);
        config["Inbox:Actors:CollectionAge"] = "00:10:00";
        config["Inbox:Actors:CollectionQuantum"] = "00:01:00";
        await using var cluster = await Silos.StartAsync(config, time);
        var idle = Silos.Key();
        var busy = Silos.Key();
        await cluster.GrainFactory.GetGrain<ICounterGrain>(idle).Get();
        await cluster.GrainFactory.GetGrain<ICounterGrain>(busy).Get();

        for (var minute = 0; minute < 9; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await cluster.GrainFactory.GetGrain<ICounterGrain>(busy).Get();
        }
        Assert.Equal(2, cluster.Service<Catalog>().Count);

        time.Advance(TimeSpan.FromMinutes(3));

        await Eventually.True(() => cluster.Probe().Events.Contains($"deactivate:{idle}:IdleCollection"), "idle grain collected");
        Assert.DoesNotContain($"deactivate:{busy}:IdleCollection", cluster.Probe().Events);
        await Eventually.True(() => cluster.Service<Catalog>().Count == 1, "one activation left");
    }

    [Fact]
    public async Task DeactivateOnIdleRunsOnDeactivateAndTheNextCallActivatesAfresh()
    {
        await using var cluster = await Silos.StartAsync();
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        await grain.Increment();
        var first = await grain.ActivationId();

        await grain.Deactivate();
        await Eventually.True(() => cluster.Probe().Events.Contains($"deactivate:{key}:ApplicationRequested"), "deactivated");

        Assert.NotEqual(first, await grain.ActivationId());
        Assert.Equal(1, await grain.Get());
    }

    [Fact]
    public async Task CallsQueuedBehindADeactivationReachTheNextActivation()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(Silos.Key());
        await grain.Get();

        var deactivate = grain.Deactivate();
        var increments = Enumerable.Range(0, 20).Select(_ => grain.Increment()).ToArray();
        await deactivate;

        Assert.Equal(Enumerable.Range(1, 20), (await Task.WhenAll(increments)).Order());
        Assert.Equal(20, await grain.Get());
    }

    [Fact]
    public async Task ShutdownDeactivatesEveryActivation()
    {
        var cluster = await Silos.StartAsync();
        var keys = Enumerable.Range(0, 10).Select(_ => Silos.Key()).ToArray();
        foreach (var key in keys) await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get();
        var probe = cluster.Probe();

        await cluster.DisposeAsync();

        foreach (var key in keys) Assert.Contains($"deactivate:{key}:ShuttingDown", probe.Events);
    }

    [Fact]
    public async Task TheActivationBoundEvictsTheLeastRecentlyUsed()
    {
        var time = new ManualTimeProvider();
        var config = Stores.Configuration(Stores.Sqlite);
        config["Inbox:Actors:MaxActivations"] = "10";
        await using var cluster = await Silos.StartAsync(config, time);
        var catalog = cluster.Service<Catalog>();
        var keys = Enumerable.Range(0, 10).Select(_ => Silos.Key()).ToArray();
        foreach (var key in keys)
        {
            await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get();
            time.Advance(TimeSpan.FromMinutes(1)); // the collector stamps each one a minute apart
        }
        // Use the oldest again, so it is the most recent now.
        await cluster.GrainFactory.GetGrain<ICounterGrain>(keys[0]).Get();

        await cluster.GrainFactory.GetGrain<ICounterGrain>(Silos.Key()).Get();

        await Eventually.True(() => catalog.Count <= 9, "evicted down to 90 % of the bound");
        var events = cluster.Probe().Events;
        Assert.Contains($"deactivate:{keys[1]}:ActivationLimit", events);
        Assert.DoesNotContain($"deactivate:{keys[0]}:ActivationLimit", events);
    }
}
