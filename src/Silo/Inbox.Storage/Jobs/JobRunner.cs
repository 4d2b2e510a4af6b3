using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Storage;

/// <summary>
/// Polls for due jobs, claims each with a lease, delivers it to its grain through an Orleans call
/// (<see cref="IDurableJobHandler"/>), then deletes it (or reschedules it with backoff when it failed).
/// A job survives restarts because it is a row, and a schedule made while it runs survives the run
/// (see <see cref="DurableJobs"/>). Its clock is the application's (<see cref="AppClock"/>), so tests can
/// drive it without handing a fake clock to Orleans' loops. A lease names the silo that holds it and
/// ends with that silo: when membership declares a silo dead, each survivor ends its leases at once, so
/// a job claimed by a node that died mid-run runs again on a survivor within a poll, not after the lease.
/// </summary>
public sealed class JobRunner(
    StateStore store, IGrainFactory grains, IOptions<JobOptions> options, AppClock clock, ILocalSiloDetails silo,
    IClusterMembershipService membership, ILogger<JobRunner> logger) : IAsyncDisposable
{
    private readonly string _silo = silo.SiloAddress.ToParsableString();
    private readonly JobOptions _options = options.Value;
    private readonly TimeProvider _time = clock.Time;
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private Task _poll = Task.CompletedTask;
    private int _polling;
    private int _pollAgain;
    private Task _deaths = Task.CompletedTask;

    public void Start()
    {
        _timer = _time.CreateTimer(static s => ((JobRunner)s!).Poll(), this, _options.PollInterval, _options.PollInterval);
        _deaths = EndLeasesOfDeadSilosAsync();
    }

    /// <summary>
    /// Follows membership: every silo it declares dead (including ones dead before this silo started) has its
    /// leases ended, then this silo polls. Every survivor does it; the statement is the same, so once is enough
    /// and twice does no harm.
    /// </summary>
    private async Task EndLeasesOfDeadSilosAsync()
    {
        var ended = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var dead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && ended.Add(m.SiloAddress)).ToList();
                if (dead.Count == 0) continue;
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                try
                {
                    await store.CommitAsync(dead.Select(m => JobRows.EndLeasesOf(store.ServiceId, m.SiloAddress.ToParsableString(), now)).ToArray(), _stopping.Token);
                }
                catch (Exception error) when (!_stopping.IsCancellationRequested)
                {
                    // Their leases lapse on their own; the next update tries again.
                    foreach (var member in dead) ended.Remove(member.SiloAddress);
                    logger.EndingLeasesFailed(error);
                    continue;
                }
                _ = Poll();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Polls now and completes when the poll's jobs have run. Polls never overlap: one asked for while
    /// another runs happens right after it, so a tick is never lost (the clock may have moved past a due time meanwhile).
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
            var due = await LoadDueAsync(_time.GetUtcNow());
            var claimed = await Task.WhenAll(due.Select(ClaimAsync));
            await Task.WhenAll(claimed.OfType<JobRow>().Select(RunAsync));
        }
        catch (Exception error) when (!_stopping.IsCancellationRequested)
        {
            logger.JobPollFailed(error);
        }
    }

    private async Task<List<JobRow>> LoadDueAsync(DateTimeOffset now)
    {
        var database = store.Database;
        await using var connection = await database.OpenAsync(_stopping.Token);
        await using var command = connection.CreateCommand();
        command.CommandText = JobRows.Due;
        database.Bind(command, [store.ServiceId, now.ToUnixTimeMilliseconds(), _options.BatchSize]);
        var jobs = new List<JobRow>();
        await using var reader = await command.ExecuteReaderAsync(_stopping.Token);
        while (await reader.ReadAsync(_stopping.Token))
        {
            jobs.Add(new JobRow(StoredGrainId.Parse(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetInt32(6) + 1, 0));
        }
        return jobs;
    }

    /// <summary>The job under this silo's lease; null when another silo, or a newer schedule, got there first.</summary>
    private async Task<JobRow?> ClaimAsync(JobRow job)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lease = now + (long)_options.Lease.TotalMilliseconds;
        try
        {
            await store.CommitAsync([JobRows.Claim(store.ServiceId, job, now, lease, _silo)]);
            return job with { LeaseMs = lease };
        }
        catch (UnexpectedRowsException)
        {
            return null;
        }
    }

    private async Task RunAsync(JobRow job)
    {
        var delivered = new DurableJob(job.Name, DateTimeOffset.FromUnixTimeMilliseconds(job.DueAtMs), job.Payload, job.Attempt);
        try
        {
            await grains.GetGrain(job.Grain).AsReference<IDurableJobHandler>().ExecuteJobAsync(delivered, _stopping.Token);
            await store.CommitAsync(JobRows.Done(store.ServiceId, job));
        }
        catch (Exception error)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(job.Attempt, 20)), _options.MaxRetryDelay.TotalSeconds));
            var retryAt = _time.GetUtcNow() + delay;
            logger.JobFailed($"{job.Grain}/{job.Name}", job.Attempt, retryAt, error);
            await store.CommitAsync([JobRows.Retry(store.ServiceId, job, retryAt)]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        _stopping.Cancel();
        try { await _poll; } catch (OperationCanceledException) { }
        try { await _deaths; } catch (OperationCanceledException) { }
    }
}
