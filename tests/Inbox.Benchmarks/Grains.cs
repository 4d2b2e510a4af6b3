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

public interface ICeilingWriterGrain : IWriterGrain;

/// <summary>A <see cref="WriterGrain"/> on <see cref="ForgetfulStorage"/>: what Orleans costs a write before any storage does anything.</summary>
public sealed class CeilingWriterGrain([PersistentState("bench", ForgetfulStorage.Name)] IPersistentState<WriterState> state) : Grain, ICeilingWriterGrain
{
    public Task Write(int value)
    {
        state.State.Value = value;
        state.State.Note = "a typical small state";
        return state.WriteStateAsync();
    }
}

/// <summary>
/// Keeps nothing and answers from a pool thread, as a real storage answers when its I/O completes: Orleans' state
/// bridge, the hop back into the grain's turn and the calls are all a write then costs.
/// </summary>
public sealed class ForgetfulStorage : Orleans.Storage.IGrainStorage
{
    public const string Name = "forgetful";

    private long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Task.Run(static () => { });
        grainState.ETag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
}
