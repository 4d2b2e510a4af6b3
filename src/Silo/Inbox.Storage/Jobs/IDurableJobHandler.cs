namespace Inbox.Storage;

/// <summary>
/// Implemented by grains that schedule durable jobs, whatever their key: the job runner reaches a
/// grain by its stored id (<see cref="IGrainFactory.GetGrain(GrainId)"/>) and calls this. The call is an
/// ordinary request of the grain. Delivery is at least once: a job is removed only after this
/// returns, so make it idempotent.
/// </summary>
[Alias("Inbox.Storage.IDurableJobHandler")]
public interface IDurableJobHandler : IGrain
{
    [Alias("ExecuteJob")]
    Task ExecuteJobAsync(DurableJob job, CancellationToken cancellationToken);
}
