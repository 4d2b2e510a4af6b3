namespace Inbox.Actors.Tests;

public interface IStaleWriterGrain : IGrainWithStringKey
{
    Task<int> Write(int value);

    Task<int> Read();

    Task<string> ActivationId();
}

/// <summary>Writes without re-reading, so a write from another silo makes its next write stale.</summary>
public sealed class StaleWriterGrain([PersistentState("value")] IPersistentState<CounterState> state) : Grain, IStaleWriterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public async Task<int> Write(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        return value;
    }

    public Task<int> Read() => Task.FromResult(state.State.Value);

    public Task<string> ActivationId() => Task.FromResult(_activationId);
}
