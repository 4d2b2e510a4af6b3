namespace Inbox.Storage;

/// <summary>
/// Schedules, re-arms and cancels durable jobs. Each returns a write for a grain's unit of work, so a
/// job is scheduled exactly when the state that needs it commits.
/// </summary>
/// <remarks>
/// A job is one row per grain and name. While a run holds it (<c>locked_until</c> is its lease), its
/// <c>due_at</c> is <see cref="NothingPending"/> until a schedule or re-arm made during the run sets
/// the next one: the run consumed the due time it was claimed for, and must not take a later one with it.
/// </remarks>
public sealed class DurableJobs(StateStore store)
{
    /// <summary>The due time of a job that runs with no schedule made since it was claimed.</summary>
    public const long NothingPending = long.MaxValue;

    private readonly string _serviceId = store.ServiceId;

    /// <summary>
    /// Asks for a run at <paramref name="dueAt"/> at the latest: a job already due sooner stays as it
    /// is, so a wake-up is never pushed later. One made while the job runs is its next run.
    /// </summary>
    public SqlWrite Schedule(GrainId target, string name, DateTimeOffset dueAt, string? payload = null) => Upsert(target, name, dueAt, payload,
        """
        DO UPDATE SET payload = CASE WHEN excluded.due_at < durable_jobs.due_at THEN excluded.payload ELSE durable_jobs.payload END,
                      token = CASE WHEN excluded.due_at < durable_jobs.due_at THEN excluded.token ELSE durable_jobs.token END,
                      attempts = CASE WHEN excluded.due_at < durable_jobs.due_at THEN 0 ELSE durable_jobs.attempts END,
                      due_at = CASE WHEN excluded.due_at < durable_jobs.due_at THEN excluded.due_at ELSE durable_jobs.due_at END
        """);

    /// <summary>
    /// Sets the job to run at exactly <paramref name="dueAt"/>, earlier or later than it was: for a grain
    /// that knows its next wake-up (the outbox after a drain, a snooze moved). A run under way keeps its lease.
    /// </summary>
    public SqlWrite Rearm(GrainId target, string name, DateTimeOffset dueAt, string? payload = null) => Upsert(target, name, dueAt, payload,
        "DO UPDATE SET payload = excluded.payload, token = excluded.token, attempts = 0, due_at = excluded.due_at");

    public SqlWrite Cancel(GrainId target, string name) => new(
        "DELETE FROM durable_jobs WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND job_name = $4",
        _serviceId, StoredGrainId.Type(target), StoredGrainId.Key(target), name);

    public Task ScheduleAsync(GrainId target, string name, DateTimeOffset dueAt, string? payload = null, CancellationToken cancellationToken = default) =>
        store.CommitAsync([Schedule(target, name, dueAt, payload)], cancellationToken);

    public Task RearmAsync(GrainId target, string name, DateTimeOffset dueAt, string? payload = null, CancellationToken cancellationToken = default) =>
        store.CommitAsync([Rearm(target, name, dueAt, payload)], cancellationToken);

    public Task CancelAsync(GrainId target, string name, CancellationToken cancellationToken = default) =>
        store.CommitAsync([Cancel(target, name)], cancellationToken);

    // Every (re)schedule that changes the due time gets a new token, so a poll that read the old one cannot claim it.
    private SqlWrite Upsert(GrainId target, string name, DateTimeOffset dueAt, string? payload, string onConflict) => new(
        $"""
        INSERT INTO durable_jobs (service_id, grain_type, grain_key, job_name, payload, due_at, token, attempts, locked_until)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0)
        ON CONFLICT (service_id, grain_type, grain_key, job_name)
        {onConflict}
        """,
        _serviceId, StoredGrainId.Type(target), StoredGrainId.Key(target), name, payload, dueAt.ToUnixTimeMilliseconds(), Guid.NewGuid().ToString("N"));
}
