using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Inbox.Storage.Tests.Jobs;

/// <summary>What the job tests look at: a poll they await, the runs the grains reported, the rows left.</summary>
public static class JobTests
{
    /// <summary>Polls now and waits for the poll's runs: "not yet" is checked after this, never after a sleep.</summary>
    public static Task PollAsync(InProcessTestCluster cluster) => cluster.Service<JobRunner>().Poll();

    public static List<string> Events(InProcessTestCluster cluster) => cluster.Probe().Events.Where(e => e.StartsWith("job:", StringComparison.Ordinal)).ToList();

    public static Task<long> RowsAsync(InProcessTestCluster cluster)
    {
        var store = cluster.Service<StateStore>();
        return store.Database.CountAsync("SELECT COUNT(*) FROM durable_jobs WHERE service_id = $1", store.ServiceId);
    }

    // Moves time a little while a retry waits for its backoff; false, so the wait goes on.
    public static bool Step(FakeTimeProvider time)
    {
        time.Advance(TimeSpan.FromSeconds(1));
        return false;
    }
}
