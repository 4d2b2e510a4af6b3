namespace Inbox.Actors.Tests;

public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Records a state change and the job that must follow it, in one unit of work.</summary>
    Task Snooze(DateTimeOffset until, string payload);

    /// <summary>Moves the job to exactly this time, earlier or later.</summary>
    Task Rearm(DateTimeOffset at, string payload);

    Task FailNext(int times);

    Task<int> Runs();
}

public sealed class JobGrainState
{
    public bool Snoozed { get; set; }

    public int Runs { get; set; }
}

public sealed class JobGrain([PersistentState("job")] IPersistentState<JobGrainState> state, DurableJobs jobs, Probe probe)
    : Grain, IJobGrain, IDurableJobHandler
{
    private int _failures;

    public Task Snooze(DateTimeOffset until, string payload)
    {
        state.State.Snoozed = true;
        return state.WriteStateAsync(new UnitOfWork().Add(jobs.Schedule(GrainId, "release", until, payload)));
    }

    public Task Rearm(DateTimeOffset at, string payload) => state.WriteStateAsync(new UnitOfWork().Add(jobs.Rearm(GrainId, "release", at, payload)));

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
        if (job.Payload == "again") work.Add(jobs.Schedule(GrainId, "release", job.DueAt.AddMinutes(5), "next")).Add(jobs.Schedule(GrainId, "release", job.DueAt.AddMinutes(10), "later"));
        await state.WriteStateAsync(work);
    }
}
