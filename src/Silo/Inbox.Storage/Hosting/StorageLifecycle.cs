namespace Inbox.Storage;

/// <summary>
/// Puts the store into the silo's own start and stop, so the order is Orleans' and not that of hosted
/// services (which a co-hosting web app registers in any order):
/// the schema is migrated at <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, before the runtime
/// can take a message, so no grain activates (and reads state) on missing tables, and a failed migration
/// fails the silo's start (the <see cref="SchemaGate"/> lets the membership table wait for the same run,
/// see <see cref="SchemaFirstMembershipTable"/>); the writer closes at that stage's stop, after every grain has deactivated
/// and written its last state. Jobs run from <see cref="ServiceLifecycleStage.Active"/>, when grain calls
/// are served, and stop first, before grains deactivate, waiting for the runs under way.
/// </summary>
internal sealed class StorageLifecycle(SchemaGate schema, JobRunner jobs, GroupCommitter committer, Database database, StorageMetrics metrics)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe("Inbox.Storage.Schema", ServiceLifecycleStage.RuntimeInitialize, schema.ReadyAsync, CloseAsync);
        lifecycle.Subscribe("Inbox.Storage.Jobs", ServiceLifecycleStage.Active, StartJobs, StopJobsAsync);
    }

    private Task StartJobs(CancellationToken cancellationToken)
    {
        metrics.Start();
        jobs.Start();
        return Task.CompletedTask;
    }

    private async Task StopJobsAsync(CancellationToken cancellationToken) => await jobs.DisposeAsync();

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        await committer.DisposeAsync();
        await database.DisposeAsync();
        metrics.Dispose();
    }
}
