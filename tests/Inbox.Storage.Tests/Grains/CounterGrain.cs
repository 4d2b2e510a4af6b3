namespace Inbox.Storage.Tests;

[Alias("Inbox.Storage.Tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Read")] Task<int> Read();

    [Alias("Write")] Task Write(int value);

    [Alias("Clear")] Task Clear();

    [Alias("Activation")] Task<string> Activation();
}

/// <summary>Writes without re-reading, so a write made underneath it makes its next write stale.</summary>
[GrainType("counter")]
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private readonly string _activation = Guid.NewGuid().ToString("N");

    public Task<int> Read() => Task.FromResult(state.State.Value);

    public Task Write(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task<string> Activation() => Task.FromResult(_activation);
}

/// <summary>Another grain type with the same key and state name as <see cref="CounterGrain"/>: its rows must stay apart.</summary>
[GrainType("counter-b")]
public sealed class OtherCounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private readonly string _activation = Guid.NewGuid().ToString("N");

    public Task<int> Read() => Task.FromResult(state.State.Value);

    public Task Write(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task<string> Activation() => Task.FromResult(_activation);
}
