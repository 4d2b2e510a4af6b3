namespace Inbox.Benchmarks;

public interface ICallable : IGrainWithIntegerKey
{
    Task Call();
}

public interface IEmptyGrain : ICallable;

public interface IYieldingGrain : ICallable;

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task Call() => Task.CompletedTask;
}

/// <summary>Yields once per call, so every call takes the queued path: mailbox, response timeout, thread-pool hops.</summary>
public sealed class YieldingGrain : Grain, IYieldingGrain
{
    public async Task Call() => await Task.Yield();
}

public interface IWriterGrain : IGrainWithIntegerKey
{
    Task Write(int value);
}

public sealed class WriterState
{
    public int Value { get; set; }

    public string Note { get; set; } = "";
}

public sealed class WriterGrain([PersistentState("bench")] IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public Task Write(int value)
    {
        state.State.Value = value;
        state.State.Note = "a typical small state";
        return state.WriteStateAsync();
    }
}
