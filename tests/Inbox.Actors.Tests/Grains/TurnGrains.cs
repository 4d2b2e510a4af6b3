namespace Inbox.Actors.Tests;

/// <summary>The requests both turn grains take; each grain has its own interface below.</summary>
public interface ITurnContract : IGrainWithStringKey
{
    /// <summary>Records entry and exit around an await, so overlaps and order show in the probe.</summary>
    Task Work(string label, int delayMs);

    [ReadOnly]
    Task Read(string label, int delayMs);

    [AlwaysInterleave]
    Task Interleaving(string label, int delayMs);

    Task Fail(string message);

    Task<string> ActivationId();
}

/// <summary>Shared body of the turn grains: what a request does and records.</summary>
public abstract class TurnGrainBase(Probe probe) : Grain, ITurnContract
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private int _inTurn;

    public Task Work(string label, int delayMs) => Run(label, delayMs);

    public Task Read(string label, int delayMs) => Run(label, delayMs);

    public Task Interleaving(string label, int delayMs) => Run(label, delayMs);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task<string> ActivationId() => Task.FromResult(_activationId);

    private async Task Run(string label, int delayMs)
    {
        using var _ = probe.Enter();
        probe.Record($"start:{label}");
        // Turns never overlap, even where requests interleave: no other thread is inside this grain now.
        if (Interlocked.Exchange(ref _inTurn, 1) != 0) probe.Record("OVERLAPPING TURN");
        Volatile.Write(ref _inTurn, 0);
        await Task.Delay(delayMs);
        if (Interlocked.Exchange(ref _inTurn, 1) != 0) probe.Record("OVERLAPPING TURN");
        Volatile.Write(ref _inTurn, 0);
        probe.Record($"end:{label}");
    }
}

public interface ITurnGrain : ITurnContract;

public sealed class TurnGrain(Probe probe) : TurnGrainBase(probe), ITurnGrain;

public interface IReentrantTurnGrain : ITurnContract;

[Reentrant]
public sealed class ReentrantTurnGrain(Probe probe) : TurnGrainBase(probe), IReentrantTurnGrain;
