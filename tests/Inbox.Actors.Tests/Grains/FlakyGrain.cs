namespace Inbox.Actors.Tests;

public interface IFlakyGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>Fails to activate while the probe says so.</summary>
public sealed class FlakyGrain(Probe probe) : Grain, IFlakyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref probe.ActivationFailuresLeft) >= 0
            ? throw new InvalidOperationException("activation failed on purpose")
            : Task.CompletedTask;

    public Task<string> Hello() => Task.FromResult("hello");
}
