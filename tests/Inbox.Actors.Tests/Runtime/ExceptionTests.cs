namespace Inbox.Actors.Tests.Runtime;

public sealed class ExceptionTests
{
    [Fact]
    public async Task AnExceptionReachesTheCallerAndTheActivationSurvives()
    {
        await using var cluster = await Silos.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>(Silos.Key());
        var before = await grain.ActivationId();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("bad input"));

        Assert.Equal("bad input", error.Message);
        Assert.Equal(before, await grain.ActivationId());
    }

    [Fact]
    public async Task AnEscapedInconsistentStateExceptionDeactivatesSoStateReloads()
    {
        var config = Stores.Configuration(Stores.Sqlite);
        await using var cluster = await Silos.StartAsync(config, silos: 2);
        var key = Silos.Key();
        var onFirst = cluster.Factory(0).GetGrain<IStaleWriterGrain>(key);
        var onSecond = cluster.Factory(1).GetGrain<IStaleWriterGrain>(key);
        await onFirst.Write(1);
        var firstActivation = await onFirst.ActivationId();
        await onSecond.Write(2); // the second silo read version 1 and wrote version 2

        await Assert.ThrowsAsync<InconsistentStateException>(() => onFirst.Write(3));

        await Eventually.True(async () => await onFirst.ActivationId() != firstActivation, "a fresh activation");
        Assert.Equal(2, await onFirst.Read());
        Assert.Equal(4, await onFirst.Write(4));
    }
}
