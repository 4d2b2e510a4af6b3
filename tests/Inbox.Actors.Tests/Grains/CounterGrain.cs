namespace Inbox.Actors.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<string> ActivationId();

    Task Clear();

    Task Deactivate();
}

public sealed class CounterState
{
    public int Value { get; set; }

    public bool SeenAtActivation { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, Probe probe) : Grain, ICounterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activate:{this.GetPrimaryKeyString()}:value={state.State.Value}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{this.GetPrimaryKeyString()}:{reason.Code}");
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string> ActivationId() => Task.FromResult(_activationId);

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
