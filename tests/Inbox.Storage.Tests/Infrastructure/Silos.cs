using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Inbox.Storage.Tests;

/// <summary>
/// Starts Orleans' in-process test cluster with one silo on our store, hosting this assembly's test
/// grains and migrations. A fake clock, when given, goes to the job runner only (dotnet/orleans #9131).
/// </summary>
public static class Silos
{
    public static async Task<InProcessTestCluster> StartAsync(StoreConfig config, FakeTimeProvider? jobTime = null, Probe? probe = null, RecordedLogs? logs = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = config.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(config.Settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddInboxStorage(storage => storage.AddMigrationsFrom(typeof(Silos).Assembly));
            silo.Services.AddSingleton(probe ?? new Probe());
            if (jobTime is not null) silo.Services.AddSingleton(new AppClock(jobTime));
            if (logs is not null) silo.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static T Service<T>(this InProcessTestCluster cluster) where T : notnull =>
        cluster.GetSiloServiceProvider().GetRequiredService<T>();

    public static Probe Probe(this InProcessTestCluster cluster) => cluster.Service<Probe>();

    public static IGrainStorage Storage(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("Default");

    public static string Key() => Guid.NewGuid().ToString("N");
}
