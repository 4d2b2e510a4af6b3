using Inbox.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Actors.Tests;

/// <summary>Starts test clusters hosting this assembly's test grains, with a probe and optional manual time.</summary>
public static class Silos
{
    public static async Task<TestCluster> StartAsync(
        Dictionary<string, string?>? configuration = null, ManualTimeProvider? time = null, Probe? probe = null, int silos = 1)
    {
        var cluster = new TestCluster(
            configuration ?? Stores.Configuration(Stores.Sqlite),
            actors => actors.AddGrainsFrom(typeof(Silos).Assembly),
            services =>
            {
                services.AddSingleton(probe ?? new Probe());
                if (time is not null) services.AddSingleton<TimeProvider>(time);
            });
        for (var i = 0; i < silos; i++) await cluster.StartSiloAsync();
        return cluster;
    }

    public static Probe Probe(this TestCluster cluster, int silo = 0) => cluster.Silos[silo].Services.GetRequiredService<Probe>();

    public static IGrainFactory Factory(this TestCluster cluster, int silo) => cluster.Silos[silo].Services.GetRequiredService<IGrainFactory>();

    public static T Service<T>(this TestCluster cluster, int silo = 0) where T : notnull => cluster.Silos[silo].Services.GetRequiredService<T>();

    public static string Key() => Guid.NewGuid().ToString("N");
}
