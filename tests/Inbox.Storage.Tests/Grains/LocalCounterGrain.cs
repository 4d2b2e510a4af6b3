using Orleans.Placement;

namespace Inbox.Storage.Tests;

[Alias("Inbox.Storage.Tests.ILocalCounterGrain")]
public interface ILocalCounterGrain : IGrainWithStringKey
{
    [Alias("Read")] Task<int> Read();

    [Alias("Write")] Task Write(int value);

    [Alias("Activation")] Task<string> Activation();

    [Alias("Silo")] Task<string> Silo();
}

/// <summary>
/// Activates on the silo that calls it first, so a test chooses where a grain lives, and concurrent
/// first calls from two silos each try to activate it at home: only the directory can make them one.
/// </summary>
[GrainType("local-counter")]
[PreferLocalPlacement]
public sealed class LocalCounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ILocalCounterGrain
{
    private readonly string _activation = Guid.NewGuid().ToString("N");

    public Task<int> Read() => Task.FromResult(state.State.Value);

    public Task Write(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task<string> Activation() => Task.FromResult(_activation);

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}
