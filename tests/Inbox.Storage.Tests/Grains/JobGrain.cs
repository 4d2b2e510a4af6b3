namespace Inbox.Storage.Tests;

[Alias("Inbox.Storage.Tests.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Records a state change and the job that must follow it, in one unit of work.</summary>
    [Alias("Snooze")] Task Snooze(DateTimeOffset until, string payload);

    /// <summary>The same, in a unit whose other row fails: neither the state nor the job may commit.</summary>
    [Alias("SnoozeAndFail")] Task<string> SnoozeAndFail(DateTimeOffset until, string payload);

    /// <summary>Moves the job to exactly this time, earlier or later.</summary>
    [Alias("Rearm")] Task Rearm(DateTimeOffset at, string payload);

    [Alias("Cancel")] Task Cancel();

    [Alias("FailNext")] Task FailNext(int times);

    [Alias("Runs")] Task<int> Runs();
}

[GenerateSerializer, Alias("Inbox.Storage.Tests.JobGrainState")]
public sealed class JobGrainState
{
    [Id(0)] public bool Snoozed { get; set; }

    [Id(1)] public int Runs { get; set; }
}

[GrainType("job")]
public sealed class JobGrain([PersistentState("job")] IPersistentState<JobGrainState> state, DurableJobs jobs, StateStore store, Probe probe)
    : Grain, IJobGrain, IDurableJobHandler
{
    private int _failures;

    public Task Snooze(DateTimeOffset until, string payload)
    {
        state.State.Snoozed = true;
        return state.WriteStateAsync(new UnitOfWork().Add(jobs.Schedule(this.GetGrainId(), "release", until, payload)));
    }

    public async Task<string> SnoozeAndFail(DateTimeOffset until, string payload)
    {
        const string Taken = "INSERT INTO uow_rows (service_id, id) VALUES ($1, 'taken')";
        await store.CommitAsync([new SqlWrite(Taken + " ON CONFLICT DO NOTHING", store.ServiceId)]);
        var taken = new SqlWrite(Taken, store.ServiceId);
        try
        {
            await state.WriteStateAsync(new UnitOfWork().Add(jobs.Schedule(this.GetGrainId(), "release", until, payload)).Add(taken));
            return "ok";
        }
        catch (Exception error)
        {
            return error.GetType().Name;
        }
    }

    public Task Rearm(DateTimeOffset at, string payload) =>
        state.WriteStateAsync(new UnitOfWork().Add(jobs.Rearm(this.GetGrainId(), "release", at, payload)));

    public Task Cancel() => state.WriteStateAsync(new UnitOfWork().Add(jobs.Cancel(this.GetGrainId(), "release")));

    public Task FailNext(int times)
    {
        _failures = times;
        return Task.CompletedTask;
    }

    public Task<int> Runs() => Task.FromResult(state.State.Runs);

    public async Task ExecuteJobAsync(DurableJob job, CancellationToken cancellationToken)
    {
        probe.Record($"job:{this.GetPrimaryKeyString()}:{job.Name}:{job.Payload}:attempt={job.Attempt}");
        if (_failures-- > 0) throw new InvalidOperationException("scripted failure");
        state.State.Snoozed = false;
        state.State.Runs++;
        var work = new UnitOfWork();
        // "again": the run itself asks for two more, as a grain that finds more work mid-run does; the sooner must win.
        if (job.Payload == "again")
            work.Add(jobs.Schedule(this.GetGrainId(), "release", job.DueAt.AddMinutes(5), "next")).Add(jobs.Schedule(this.GetGrainId(), "release", job.DueAt.AddMinutes(10), "later"));
        await state.WriteStateAsync(work);
    }
}
