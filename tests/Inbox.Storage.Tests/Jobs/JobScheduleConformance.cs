using Microsoft.Extensions.Time.Testing;

namespace Inbox.Storage.Tests.Jobs;

/// <summary>Scheduling a job again: Schedule never pushes it later, Rearm sets it exactly, Cancel removes it.</summary>
public abstract class JobScheduleConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task SchedulingAgainKeepsTheEarlierTime()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(5), "first");
        await grain.Snooze(time.GetUtcNow().AddMinutes(10), "later");

        time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.True(async () => await grain.Runs() == 1, "the earlier schedule ran when it was due");
        time.Advance(TimeSpan.FromMinutes(6));
        await JobTests.PollAsync(cluster);
        Assert.Equal([$"job:{key}:release:first:attempt=1"], JobTests.Events(cluster));
    }

    [StoreFact]
    public async Task SchedulesMadeWhileAJobRunsAreItsNextRunAtTheSoonerTime()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(1), "again");

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 1, "the first run");
        time.Advance(TimeSpan.FromMinutes(4));
        await JobTests.PollAsync(cluster);
        Assert.Equal(1, await grain.Runs()); // kept past the run that made it, and not run before its time
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(async () => await grain.Runs() == 2, "the sooner of the two schedules ran");
        time.Advance(TimeSpan.FromMinutes(10));
        await JobTests.PollAsync(cluster);
        Assert.Equal([$"job:{key}:release:again:attempt=1", $"job:{key}:release:next:attempt=1"], JobTests.Events(cluster));
    }

    [StoreFact]
    public async Task RearmingMovesTheJobToExactlyThatTime()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(5), "first");
        await grain.Rearm(time.GetUtcNow().AddMinutes(10), "moved");

        time.Advance(TimeSpan.FromMinutes(6));
        await JobTests.PollAsync(cluster);
        Assert.Equal(0, await grain.Runs());
        time.Advance(TimeSpan.FromMinutes(4));
        await Eventually.True(async () => await grain.Runs() == 1, "the re-armed job ran");
        Assert.Equal([$"job:{key}:release:moved:attempt=1"], JobTests.Events(cluster));
    }

    [StoreFact]
    public async Task CancellingRemovesTheJob()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await Silos.StartAsync(Stores.Fresh(Store), time);
        var key = Silos.Key();
        var grain = cluster.Client.GetGrain<IJobGrain>(key);
        await grain.Snooze(time.GetUtcNow().AddMinutes(5), "cancelled");
        await grain.Cancel();

        Assert.Equal(0, await JobTests.RowsAsync(cluster));
        time.Advance(TimeSpan.FromMinutes(10));
        await JobTests.PollAsync(cluster);
        Assert.Equal(0, await grain.Runs());
        Assert.Empty(JobTests.Events(cluster));
    }
}

public sealed class SqliteJobSchedules : JobScheduleConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresJobSchedules : JobScheduleConformance
{
    protected override string Store => Stores.Postgres;
}
