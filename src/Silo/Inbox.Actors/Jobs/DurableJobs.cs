using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>
/// Schedules and cancels durable jobs. <see cref="Schedule"/> and <see cref="Cancel"/> return writes
/// for a grain's unit of work, so a job is scheduled exactly when the state that needs it commits.
/// </summary>
public sealed class DurableJobs(StateStore store, IOptions<ActorsOptions> options)
{
    private readonly string _serviceId = options.Value.ServiceId;

    public SqlWrite Schedule(GrainId target, string name, DateTimeOffset dueAt, string? payload = null)
        => new(
            """
            INSERT INTO durable_jobs (service_id, grain_type, grain_key, job_name, payload, due_at, token, attempts, locked_until)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0)
            ON CONFLICT (service_id, grain_type, grain_key, job_name)
            DO UPDATE SET payload = excluded.payload, due_at = excluded.due_at, token = excluded.token, attempts = 0, locked_until = 0
            """,
            _serviceId, target.Type, target.Key, name, payload, dueAt.ToUnixTimeMilliseconds(), Guid.NewGuid().ToString("N"));

    public SqlWrite Cancel(GrainId target, string name) => new(
        "DELETE FROM durable_jobs WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND job_name = $4",
        _serviceId, target.Type, target.Key, name);

    public Task ScheduleAsync(GrainId target, string name, DateTimeOffset dueAt, string? payload = null, CancellationToken cancellationToken = default) =>
        store.CommitAsync([Schedule(target, name, dueAt, payload)], cancellationToken);

    public Task CancelAsync(GrainId target, string name, CancellationToken cancellationToken = default) =>
        store.CommitAsync([Cancel(target, name)], cancellationToken);
}
