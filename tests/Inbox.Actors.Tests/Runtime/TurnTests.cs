namespace Inbox.Actors.Tests.Runtime;

public sealed class TurnTests
{
    [Fact]
    public async Task OneRequestAtATimeInArrivalOrder()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>(Silos.Key());
        await grain.ActivationId();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => grain.Work($"r{i}", 20)));

        var probe = cluster.Probe();
        Assert.Equal(1, probe.MaxConcurrent);
        Assert.Equal(
            Enumerable.Range(0, 5).SelectMany(i => new[] { $"start:r{i}", $"end:r{i}" }),
            probe.Events);
    }

    [Fact]
    public async Task AReentrantGrainInterleavesRequestsButNeverTurns()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IReentrantTurnGrain>(Silos.Key());

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => grain.Work($"r{i}", 100)));

        var probe = cluster.Probe();
        Assert.True(probe.MaxConcurrent > 1, "requests should have interleaved");
        Assert.DoesNotContain("OVERLAPPING TURN", probe.Events);
    }

    [Fact]
    public async Task AnAlwaysInterleaveMethodRunsBesideABusyRequest()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>(Silos.Key());
        await grain.ActivationId();

        var slow = grain.Work("slow", 500);
        await Eventually.True(() => cluster.Probe().Events.Contains("start:slow"), "slow request started");
        await grain.Interleaving("quick", 1);

        Assert.False(slow.IsCompleted, "the interleaving call finished while the slow one still ran");
        await slow;
        Assert.DoesNotContain("OVERLAPPING TURN", cluster.Probe().Events);
    }

    [Fact]
    public async Task ReadOnlyMethodsInterleaveWithEachOtherButNotWithWrites()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>(Silos.Key());
        await grain.ActivationId();

        await Task.WhenAll(grain.Read("a", 200), grain.Read("b", 200));
        Assert.Equal(2, cluster.Probe().MaxConcurrent);

        var write = grain.Work("w", 200);
        var read = grain.Read("c", 1);
        await Task.WhenAll(write, read);
        var events = cluster.Probe().Events.ToList();
        Assert.True(events.IndexOf("end:w") < events.IndexOf("start:c"), "a read started while a write ran");
    }

    [Fact]
    public async Task ACallerOutsideTheGrainDoesNotResumeInsideItsTurn()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>(Silos.Key());

        var contextAfterCall = await Task.Run(async () =>
        {
            await grain.Work("a", 10);
            return SynchronizationContext.Current;
        });

        Assert.IsNotType<ActivationData>(contextAfterCall);
    }
}
