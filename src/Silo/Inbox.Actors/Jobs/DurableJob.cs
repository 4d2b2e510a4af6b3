namespace Inbox.Actors;

/// <summary>A due job as its grain sees it. <see cref="Attempt"/> counts from 1; above 1 it is a retry.</summary>
public sealed record DurableJob(string Name, DateTimeOffset DueAt, string? Payload, int Attempt);

/// <summary>
/// Implemented by grain classes that schedule durable jobs. The call runs as an ordinary request of
/// the grain. Delivery is at least once: a job is removed only after this returns, so make it idempotent.
/// </summary>
public interface IDurableJobHandler
{
    Task ExecuteJobAsync(DurableJob job, CancellationToken cancellationToken);
}
