using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>
/// Polls for due jobs, claims each with a lease, runs it as a request of its grain, then deletes it
/// (or reschedules it with backoff when it failed). A job survives restarts because it is a row, and
/// a schedule made while it runs survives the run (see <see cref="DurableJobs"/>).
/// </summary>
public sealed class JobRunner(
    Database database, StateStore store, Catalog catalog, IOptions<JobOptions> jobOptions,
    IOptions<ActorsOptions> actorOptions, TimeProvider time, ILogger<JobRunner> logger) : IAsyncDisposable
{
    private readonly JobOptions _options = jobOptions.Value;
    private readonly string _serviceId = actorOptions.Value.ServiceId;
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private Task _poll = Task.CompletedTask;
    private int _polling;
    private int _pollAgain;

    public void Start() => _timer = time.CreateTimer(static s => ((JobRunner)s!).Poll(), this, _options.PollInterval, _options.PollInterval);

    /// <summary>
    /// Polls now. Polls never overlap: one asked for while another runs happens right after it,
    /// so a tick is never lost (the clock may have moved past a due time meanwhile).
    /// </summary>
    public Task Poll()
    {
        Volatile.Write(ref _pollAgain, 1);
        if (Interlocked.Exchange(ref _polling, 1) == 1) return _poll;
        return _poll = PollLoopAsync();
    }

    private async Task PollLoopAsync()
    {
        while (true)
        {
            Volatile.Write(ref _pollAgain, 0);
            await PollOnceAsync();
            Volatile.Write(ref _polling, 0);
            if (Volatile.Read(ref _pollAgain) == 0 || _stopping.IsCancellationRequested || Interlocked.Exchange(ref _polling, 1) == 1) return;
        }
    }

    private async Task PollOnceAsync()
    {
        try
        {
            var due = await LoadDueAsync(time.GetUtcNow());
            var claimed = await Task.WhenAll(due.Select(ClaimAsync));
            await Task.WhenAll(claimed.OfType<Job>().Select(RunAsync));
        }
        catch (Exception error) when (!_stopping.IsCancellationRequested)
        {
            logger.JobPollFailed(error);
        }
    }

    // Due: a job waiting for its time, or one whose run let its lease lapse (the silo died): it was due when claimed and no run finished it.
    private async Task<List<Job>> LoadDueAsync(DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync(_stopping.Token);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT grain_type, grain_key, job_name, payload, due_at, token, attempts FROM durable_jobs
            WHERE service_id = $1 AND locked_until = 0 AND due_at <= $2
            UNION ALL
            SELECT grain_type, grain_key, job_name, payload, CASE WHEN due_at < locked_until THEN due_at ELSE locked_until END, token, attempts FROM durable_jobs
            WHERE service_id = $1 AND locked_until > 0 AND locked_until <= $2
            ORDER BY 5 LIMIT $3
            """;
        database.Bind(command, [_serviceId, now.ToUnixTimeMilliseconds(), _options.BatchSize]);
        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(_stopping.Token);
        while (await reader.ReadAsync(_stopping.Token))
        {
            jobs.Add(new Job(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetInt32(6) + 1, 0));
        }
        return jobs;
    }

    /// <summary>
    /// Takes the job for this silo under a lease; null when another silo, or a newer schedule, got there first.
    /// The due time it was claimed for is consumed: a schedule made from now on is the next run.
    /// </summary>
    private async Task<Job?> ClaimAsync(Job job)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lease = now + (long)_options.Lease.TotalMilliseconds;
        try
        {
            await store.CommitAsync([new SqlWrite(
                $"""
                UPDATE durable_jobs SET locked_until = $7, attempts = attempts + 1,
                       due_at = CASE WHEN due_at <= $6 THEN {DurableJobs.NothingPending} ELSE due_at END
                WHERE {Key} AND token = $5 AND locked_until <= $6
                """,
                _serviceId, job.Grain.Type, job.Grain.Key, job.Name, job.Token, now, lease) { ExpectedRows = 1 }]);
            return job with { LeaseMs = lease };
        }
        catch (InconsistentStateException)
        {
            return null;
        }
    }

    private async Task RunAsync(Job job)
    {
        var handlerJob = new DurableJob(job.Name, DateTimeOffset.FromUnixTimeMilliseconds(job.DueAtMs), job.Payload, job.Attempt);
        try
        {
            await catalog.InvokeAsync(job.Grain, grain => grain is IDurableJobHandler handler
                ? handler.ExecuteJobAsync(handlerJob, _stopping.Token)
                : throw new InvalidOperationException($"{grain.GetType().Name} has a durable job but does not implement IDurableJobHandler."));
            // Done: gone, unless a schedule made during the run is waiting; then it is released to run at its time.
            await store.CommitAsync([
                Leased(job, $"DELETE FROM durable_jobs WHERE {{0}} AND due_at = {DurableJobs.NothingPending}"),
                Leased(job, "UPDATE durable_jobs SET locked_until = 0, attempts = 0 WHERE {0}")]);
        }
        catch (Exception error)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(job.Attempt, 20)), _options.MaxRetryDelay.TotalSeconds));
            var retryAt = time.GetUtcNow() + delay;
            logger.JobFailed($"{job.Grain}/{job.Name}", job.Attempt, retryAt, error);
            // The retry, or the schedule made during the run when that is sooner.
            await store.CommitAsync([Leased(job, "UPDATE durable_jobs SET due_at = CASE WHEN due_at < $6 THEN due_at ELSE $6 END, locked_until = 0 WHERE {0}",
                retryAt.ToUnixTimeMilliseconds())]);
        }
    }

    private const string Key = "service_id = $1 AND grain_type = $2 AND grain_key = $3 AND job_name = $4";

    // Every statement after the claim names the job and this run's lease: a run that outlived its lease leaves the next run alone.
    private SqlWrite Leased(Job job, string sql, params object?[] more) => new(
        string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, Key + " AND locked_until = $5"),
        [_serviceId, job.Grain.Type, job.Grain.Key, job.Name, job.LeaseMs, .. more]);

    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        _stopping.Cancel();
        try { await _poll; } catch (OperationCanceledException) { }
    }

    private sealed record Job(GrainId Grain, string Name, string? Payload, long DueAtMs, string Token, int Attempt, long LeaseMs);
}
