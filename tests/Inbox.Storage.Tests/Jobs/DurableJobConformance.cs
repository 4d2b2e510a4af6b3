using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Inbox.Storage.Tests.Jobs;

/// <summary>
/// Durable jobs: committed with the state that asks for them, delivered to their grain by an Orleans
/// call when due, at least once. Time is a fake clock given to the job runner only; "not yet" is checked
/// after a poll the test awaits, never after a sleep.
/// </summary>
public abstract class DurableJobConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AJobScheduledInAUnitOfWorkRunsOnceAtItsTimeThroughAGrainCall()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(30), "p1");

        time.Advance(TimeSpan.FromMinutes(29));
        await JobTests.PollAsync(cluster);
        Assert.Equal(0, await grain.Runs());

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 1, "the job ran");
        time.Advance(TimeSpan.FromHours(1));
        await JobTests.PollAsync(cluster);
        Assert.Equal([$"job:{key}:release:p1:attempt=1"], JobTests.Events(cluster));
        Assert.Equal(0, await JobTests.RowsAsync(cluster));
    }

    [StoreFact]
    public async Task AJobWhoseGrainThrowsIsRetriedUntilItSucceeds()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<IJobGrain>(key);
        await grain.FailNext(2);
        await grain.Snooze(time.GetUtcNow().AddSeconds(1), "retry");

        time.Advance(TimeSpan.FromSeconds(1));
        // Each retry waits out its backoff (2 s, then 4 s): move the clock a second per look until it succeeds.
        await Eventually.True(async () => await grain.Runs() == 1 || JobTests.Step(time), "the third attempt succeeded");

        Assert.Equal([1, 2, 3], JobTests.Events(cluster).Select(e => int.Parse(e[(e.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        // The grain counts its run before the runner removes the job; the poll that ran it ends after the removal.
        await JobTests.PollAsync(cluster);
        Assert.Equal(0, await JobTests.RowsAsync(cluster));
    }

    [StoreFact]
    public async Task AJobInAUnitOfWorkThatRolledBackNeverRuns()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var doomed = cluster.Client.GetGrain<IJobGrain>(Silos.Key());
        var sentinel = cluster.Client.GetGrain<IJobGrain>(Silos.Key());
        Assert.NotEqual("ok", await doomed.SnoozeAndFail(time.GetUtcNow().AddMinutes(1), "doomed"));
        await sentinel.Snooze(time.GetUtcNow().AddMinutes(1), "sentinel");

        time.Advance(TimeSpan.FromMinutes(1));
        // The sentinel, due at the same time, ran in the same poll: had the doomed job been stored, it would have run too.
        await Eventually.True(async () => await sentinel.Runs() == 1, "the sentinel job ran");
        await JobTests.PollAsync(cluster);
        Assert.Equal(0, await doomed.Runs());
        Assert.DoesNotContain(JobTests.Events(cluster), e => e.Contains("doomed", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task AJobSurvivesARestartOfTheSilo()
    {
        var time = new FakeTimeProvider();
        var config = Stores.Fresh(Store);
        var key = Silos.Key();
        await using (var before = await Silos.StartAsync(config, time))
            await before.Client.GetGrain<IJobGrain>(key).Snooze(time.GetUtcNow().AddHours(1), "kept");

        await using var after = await Silos.StartAsync(config, time);
        time.Advance(TimeSpan.FromHours(1));

        await Eventually.True(async () => await after.Client.GetGrain<IJobGrain>(key).Runs() == 1, "the job ran after the restart");
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
