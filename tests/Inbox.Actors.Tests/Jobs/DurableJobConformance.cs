namespace Inbox.Actors.Tests.Jobs;

/// <summary>Durable jobs: due at a time, run on their grain at least once, kept across restarts.</summary>
public abstract class DurableJobConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AJobRunsOnItsGrainWhenDueAndNotBefore()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(30), "p1");

        time.Advance(TimeSpan.FromMinutes(29));
        await cluster.Service<JobRunner>().Poll();
        Assert.Equal(0, await grain.Runs());

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 1, "the job ran");
        Assert.Equal([$"job:{key}:release:p1:attempt=1"], cluster.Probe().Events.Where(e => e.StartsWith("job:")));
    }

    [StoreFact]
    public async Task AJobSurvivesARestart()
    {
        var time = new ManualTimeProvider();
        var config = Stores.Configuration(Store);
        var key = Silos.Key();
        await using (var before = await Silos.StartAsync(config, time))
            await before.GrainFactory.GetGrain<IJobGrain>(key).Snooze(time.GetUtcNow().AddHours(1), "kept");

        await using var after = await Silos.StartAsync(config, time);
        time.Advance(TimeSpan.FromHours(1));

        await Eventually.True(async () => await after.GrainFactory.GetGrain<IJobGrain>(key).Runs() == 1, "the job ran after the restart");
    }

    [StoreFact]
    public async Task AFailedJobIsRetriedWithBackoffUntilItSucceeds()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<IJobGrain>(key);
        await grain.FailNext(2);
        await grain.Snooze(time.GetUtcNow().AddSeconds(1), "retry");

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => cluster.Probe().Events.Any(e => e.EndsWith("attempt=1")), "first attempt");
        await Eventually.True(() => cluster.Probe().Events.Any(e => e.EndsWith("attempt=2")) || StepTime(time), "second attempt");
        await Eventually.True(async () => await grain.Runs() == 1 || StepTime(time), "third attempt succeeds");

        Assert.Equal(3, cluster.Probe().Events.Count(e => e.StartsWith($"job:{key}")));
    }

    [StoreFact]
    public async Task SchedulingAJobAgainNeverPushesItLater()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(5), "first");
        await grain.Snooze(time.GetUtcNow().AddMinutes(10), "later");

        time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.True(async () => await grain.Runs() == 1, "the earlier schedule ran when it was due");
        time.Advance(TimeSpan.FromMinutes(6));
        await cluster.Service<JobRunner>().Poll();
        Assert.Equal(1, await grain.Runs());
        Assert.Equal([$"job:{key}:release:first:attempt=1"], cluster.Probe().Events.Where(e => e.StartsWith("job:")));
    }

    [StoreFact]
    public async Task SchedulingAJobEarlierBringsItForward()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(10), "late");
        await grain.Snooze(time.GetUtcNow().AddMinutes(5), "early");

        time.Advance(TimeSpan.FromMinutes(4));
        await cluster.Service<JobRunner>().Poll();
        Assert.Equal(0, await grain.Runs());
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 1, "the earlier schedule ran");
        Assert.Equal([$"job:{key}:release:early:attempt=1"], cluster.Probe().Events.Where(e => e.StartsWith("job:")));
    }

    [StoreFact]
    public async Task RearmingAJobMovesItToExactlyThatTime()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(5), "first");
        await grain.Rearm(time.GetUtcNow().AddMinutes(10), "moved");

        time.Advance(TimeSpan.FromMinutes(6));
        await cluster.Service<JobRunner>().Poll();
        Assert.Equal(0, await grain.Runs());
        time.Advance(TimeSpan.FromMinutes(4));
        await Eventually.True(async () => await grain.Runs() == 1, "the re-armed job ran");
        Assert.Equal([$"job:{key}:release:moved:attempt=1"], cluster.Probe().Events.Where(e => e.StartsWith("job:")));
    }

    [StoreFact]
    public async Task SchedulesMadeWhileAJobRunsAreItsNextRunAtTheSoonerTime()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), time);
        var key = Silos.Key();
        var grain = cluster.GrainFactory.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(1), "again");

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 1, "the first run");
        time.Advance(TimeSpan.FromMinutes(4));
        await cluster.Service<JobRunner>().Poll();
        Assert.Equal(1, await grain.Runs()); // kept past the run that made it, and not run before its time
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 2, "the sooner of the two schedules ran");
        time.Advance(TimeSpan.FromMinutes(10));
        await cluster.Service<JobRunner>().Poll();
        Assert.Equal([$"job:{key}:release:again:attempt=1", $"job:{key}:release:next:attempt=1"], cluster.Probe().Events.Where(e => e.StartsWith("job:")));
    }

    [StoreFact]
    public async Task TwoSilosOnOneStoreAreFencedByVersionChecks()
    {
        await using var cluster = await Silos.StartAsync(Stores.Configuration(Store), silos: 2);
        var key = Silos.Key();
        await cluster.Factory(0).GetGrain<IStaleWriterGrain>(key).Write(1);
        await cluster.Factory(1).GetGrain<IStaleWriterGrain>(key).Write(2);

        await Assert.ThrowsAsync<InconsistentStateException>(() => cluster.Factory(0).GetGrain<IStaleWriterGrain>(key).Write(3));
        await Eventually.True(async () => await cluster.Factory(0).GetGrain<IStaleWriterGrain>(key).Read() == 2, "reloaded");
    }

    // Moves time a little while a retry waits for its backoff; returns false so the wait goes on.
    private static bool StepTime(ManualTimeProvider time)
    {
        time.Advance(TimeSpan.FromSeconds(1));
        return false;
    }
}

public sealed class SqliteDurableJobs : DurableJobConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDurableJobs : DurableJobConformance
{
    protected override string Store => Stores.Postgres;
}
