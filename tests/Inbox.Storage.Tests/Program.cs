using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inbox.Storage.Tests;

/// <summary>
/// The test runner never calls this (it loads the assembly); <see cref="NodeProcess"/> runs
/// <c>dotnet Inbox.Storage.Tests.dll node …</c> to host one silo in a process a test can kill.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["node", var connectionString, var serviceId, var clusterId, var key, var value]) return 2;
        var config = new StoreConfig(Stores.Postgres, new Dictionary<string, string?>
        {
            ["Inbox:Storage:Provider"] = Stores.Postgres,
            ["ConnectionStrings:Inbox"] = connectionString,
        }, serviceId);
        using var host = Node.Build(config, clusterId);
        await host.StartAsync();
        // The first call comes from this silo, so the grain (local placement) lives here.
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILocalCounterGrain>(key).Write(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"ready {host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress}");
        await host.WaitForShutdownAsync(); // until killed
        return 0;
    }
}
