using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace Inbox.Storage;

public static class InboxClusteringSiloBuilderExtensions
{
    /// <summary>
    /// With "Inbox:Cluster:Provider" Postgres, makes the silo a cluster member through Orleans' ADO.NET
    /// clustering on the storage database ("ConnectionStrings:Inbox"), its tables and statements
    /// created by our migrations before the table is first read. Unset, it adds nothing: the host keeps
    /// its one-node clustering (call <see cref="IsClustered"/> to choose). Call after
    /// <see cref="InboxStorageSiloBuilderExtensions.AddInboxStorage"/>.
    /// </summary>
    public static ISiloBuilder AddInboxClustering(this ISiloBuilder silo)
    {
        var provider = silo.Configuration[$"{ClusteringOptions.Section}:Provider"];
        if (string.IsNullOrWhiteSpace(provider)) return silo;
        // Refused here, not only by the validator: the host picks one-node clustering on IsClustered, and a
        // silo with no clustering fails to resolve its services before any validator runs. A refusal now is
        // also one plain line for the host to print, where a failed start comes with the host's error log.
        if (!IsClustered(silo)) throw Refused(ClusteringOptionsValidator.UnknownProvider(provider));
        if (ClusteringOptionsValidator.StoreProblem(silo.Configuration["Inbox:Storage:Provider"]) is { } store) throw Refused(store);
        var services = silo.Services;
        services.AddOptions<ClusteringOptions>().BindConfiguration(ClusteringOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusteringOptions>, ClusteringOptionsValidator>();

        silo.UseAdoNetClustering(options => options.Configure<IOptions<StorageOptions>>((o, storage) =>
        {
            // Its own pool, not the writer's: heartbeats and votes never queue behind group commits.
            o.Invariant = "Npgsql";
            o.ConnectionString = storage.Value.ConnectionString;
        }));
        services.AddSingleton<AdoNetClusteringTable>();
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(sp => new SchemaFirstMembershipTable(
            sp.GetRequiredService<AdoNetClusteringTable>(), sp.GetRequiredService<SchemaGate>(),
            sp.GetRequiredService<ILogger<SchemaFirstMembershipTable>>())));
        return silo;
    }

    private static OptionsValidationException Refused(string problem) => new(ClusteringOptions.Section, typeof(ClusteringOptions), [problem]);

    /// <summary>True when "Inbox:Cluster:Provider" asks for a cluster; the host uses its one-node clustering otherwise.</summary>
    public static bool IsClustered(this ISiloBuilder silo) =>
        new ClusteringOptions { Provider = silo.Configuration[$"{ClusteringOptions.Section}:Provider"] }.IsPostgres;
}
