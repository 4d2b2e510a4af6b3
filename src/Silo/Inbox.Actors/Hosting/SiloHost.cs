using Microsoft.Extensions.Hosting;

namespace Inbox.Actors;

/// <summary>Starts the silo with its host (schema first, then collection and jobs) and stops it in reverse.</summary>
internal sealed class SiloHost(
    Migrator migrator, Catalog catalog, JobRunner jobs, GroupCommitter committer, Database database, RuntimeMetrics metrics) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        catalog.Start();
        jobs.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await jobs.DisposeAsync();
        await catalog.DeactivateAllAsync(cancellationToken);
        catalog.Dispose();
        await committer.DisposeAsync();
        await database.DisposeAsync();
        metrics.Dispose();
    }
}
