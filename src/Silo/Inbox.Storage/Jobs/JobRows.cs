using System.Globalization;

namespace Inbox.Storage;

/// <summary>A claimed or due job: its row's key, what it carries, and the lease this run holds (0 before the claim).</summary>
internal sealed record JobRow(GrainId Grain, string Name, string? Payload, long DueAtMs, string Token, int Attempt, long LeaseMs);

/// <summary>The runner's statements over <c>durable_jobs</c>.</summary>
internal static class JobRows
{
    private const string Key = "service_id = $1 AND grain_type = $2 AND grain_key = $3 AND job_name = $4";

    // Due: a job waiting for its time, or one whose run let its lease lapse (the silo died): it was due when claimed and no run finished it.
    public const string Due = """
        SELECT grain_type, grain_key, job_name, payload, due_at, token, attempts FROM durable_jobs
        WHERE service_id = $1 AND locked_until = 0 AND due_at <= $2
        UNION ALL
        SELECT grain_type, grain_key, job_name, payload, CASE WHEN due_at < locked_until THEN due_at ELSE locked_until END, token, attempts FROM durable_jobs
        WHERE service_id = $1 AND locked_until > 0 AND locked_until <= $2
        ORDER BY 5 LIMIT $3
        """;

    /// <summary>
    /// Takes the job under a lease, if its token is still the one read (no newer schedule) and no live
    /// lease holds it. The due time it was claimed for is consumed: a schedule made from now on is the next run.
    /// </summary>
    public static SqlWrite Claim(string serviceId, JobRow job, long now, long lease, string silo) => new(
        $"""
        UPDATE durable_jobs SET locked_until = $7, locked_by = $8, attempts = attempts + 1,
               due_at = CASE WHEN due_at <= $6 THEN {DurableJobs.NothingPending} ELSE due_at END
        WHERE {Key} AND token = $5 AND locked_until <= $6
        """,
        serviceId, StoredGrainId.Type(job.Grain), StoredGrainId.Key(job.Grain), job.Name, job.Token, now, lease, silo)
    { ExpectedRows = 1 };

    /// <summary>
    /// Ends the live leases of a silo membership declared dead: they lapse now, so the next poll of any silo
    /// finds their jobs due (the statements of the dead run, which name its lease, then match nothing).
    /// </summary>
    public static SqlWrite EndLeasesOf(string serviceId, string silo, long now) => new(
        "UPDATE durable_jobs SET locked_until = $3 WHERE service_id = $1 AND locked_by = $2 AND locked_until > $3",
        serviceId, silo, now);

    /// <summary>Done: gone, unless a schedule made during the run is waiting; then it is released to run at its time.</summary>
    public static SqlWrite[] Done(string serviceId, JobRow job) =>
    [
        Leased(serviceId, job, $"DELETE FROM durable_jobs WHERE {{0}} AND due_at = {DurableJobs.NothingPending}"),
        Leased(serviceId, job, "UPDATE durable_jobs SET locked_until = 0, attempts = 0 WHERE {0}"),
    ];

    /// <summary>The retry, or the schedule made during the run when that is sooner.</summary>
    public static SqlWrite Retry(string serviceId, JobRow job, DateTimeOffset retryAt) =>
        Leased(serviceId, job, "UPDATE durable_jobs SET due_at = CASE WHEN due_at < $6 THEN due_at ELSE $6 END, locked_until = 0 WHERE {0}",
            retryAt.ToUnixTimeMilliseconds());

    // Every statement after the claim names the job and this run's lease: a run that outlived its lease leaves the next run alone.
    private static SqlWrite Leased(string serviceId, JobRow job, string sql, params object?[] more) => new(
        string.Format(CultureInfo.InvariantCulture, sql, Key + " AND locked_until = $5"),
        [serviceId, StoredGrainId.Type(job.Grain), StoredGrainId.Key(job.Grain), job.Name, job.LeaseMs, .. more]);
}
