namespace Inbox.Actors.Tests;

public interface IHandoverGrain : IGrainWithStringKey
{
    Task Touch();
}

/// <summary>As it deactivates, calls a counter that is not active: what an outbox finishing its work does at shutdown.</summary>
public sealed class HandoverGrain(Probe probe) : Grain, IHandoverGrain
{
    public Task Touch() => Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await GrainFactory.GetGrain<ICounterGrain>("handover-" + this.GetPrimaryKeyString()).Get();
            probe.Record("handover:delivered");
        }
        catch (Exception error)
        {
            probe.Record($"handover:{error.GetType().Name}");
        }
    }
}
