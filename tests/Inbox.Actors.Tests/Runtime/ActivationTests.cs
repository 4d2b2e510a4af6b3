namespace Inbox.Actors.Tests.Runtime;

public sealed class ActivationTests
{
    [Fact]
    public async Task AReferenceActivatesNothing()
    {
        await using var cluster = await Silos.StartAsync();
        _ = cluster.GrainFactory.GetGrain<ICounterGrain>(Silos.Key());

        Assert.Equal(0, cluster.Service<Catalog>().Count);
        Assert.Empty(cluster.Probe().Events);
    }

    [Fact]
    public async Task TheFirstCallActivates()
    {
        await using var cluster = await Silos.StartAsync();
        var key = Silos.Key();

        Assert.Equal(0, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get());

        Assert.Equal(1, cluster.Service<Catalog>().Count);
        Assert.Equal([$"activate:{key}:value=0"], cluster.Probe().Events);
    }

    [Fact]
    public async Task ConcurrentFirstCallsShareOneActivation()
    {
        await using var cluster = await Silos.StartAsync();
        var key = Silos.Key();

        var ids = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ =>
            Task.Run(() => cluster.GrainFactory.GetGrain<ICounterGrain>(key).ActivationId())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, cluster.Probe().Count($"activate:{key}:value=0"));
    }

    [Fact]
    public async Task StateIsReadBeforeOnActivate()
    {
        var config = Stores.Configuration(Stores.Sqlite);
        var key = Silos.Key();
        await using (var first = await Silos.StartAsync(config))
        {
            await first.GrainFactory.GetGrain<ICounterGrain>(key).Increment();
            await first.GrainFactory.GetGrain<ICounterGrain>(key).Increment();
        }

        await using var second = await Silos.StartAsync(config);
        Assert.Equal(2, await second.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        Assert.Contains($"activate:{key}:value=2", second.Probe().Events);
    }

    [Fact]
    public async Task AnInterfaceWithoutAGrainClassIsAClearError()
    {
        await using var cluster = await Silos.StartAsync();
        var error = Assert.Throws<InvalidOperationException>(() => cluster.GrainFactory.GetGrain<IUnimplementedGrain>("x"));
        Assert.Contains("No grain class implements IUnimplementedGrain", error.Message);
    }

    [Fact]
    public async Task AFailedActivationFailsTheCallsWaitingForItAndTheNextCallTriesAgain()
    {
        var probe = new Probe { ActivationFailuresLeft = 1 };
        await using var cluster = await Silos.StartAsync(probe: probe);
        var grain = cluster.GrainFactory.GetGrain<IFlakyGrain>(Silos.Key());

        var waiting = Enumerable.Range(0, 3).Select(_ => grain.Hello()).ToArray();
        foreach (var call in waiting)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("activation failed on purpose", error.Message);
        }

        Assert.Equal("hello", await grain.Hello());
        Assert.Equal(1, cluster.Service<Catalog>().Count);
    }

    [Fact]
    public async Task InvalidRuntimeSettingsStopTheSiloWithTheSettingsName()
    {
        var config = Stores.Configuration(Stores.Sqlite);
        config["Inbox:Actors:ResponseTimeout"] = "00:00:00";

        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => Silos.StartAsync(config));

        Assert.Contains("Inbox:Actors:ResponseTimeout must be a positive time span", error.Message);
    }

    public interface IUnimplementedGrain : IGrainWithStringKey
    {
        Task Nothing();
    }
}
