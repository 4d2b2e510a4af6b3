using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Inbox.Web.Hosting;

/// <summary>Bound from "Inbox:Silo": the ports of the silo co-hosted in this process.</summary>
public sealed class SiloPortOptions
{
    /// <summary>Silo-to-silo traffic; on one node only the node itself listens on it.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Where outside Orleans clients connect; 0 (the default) opens no gateway: the web app calls its own silo in process.</summary>
    public int GatewayPort { get; set; }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (SiloPort is < 1 or > 65535) problems.Add($"Inbox:Silo:SiloPort must be a port (1–65535), not {SiloPort}.");
        if (GatewayPort is < 0 or > 65535) problems.Add($"Inbox:Silo:GatewayPort must be a port, or 0 for none, not {GatewayPort}.");
        if (GatewayPort == SiloPort) problems.Add($"Inbox:Silo:GatewayPort and Inbox:Silo:SiloPort must differ (both are {SiloPort}).");
        return problems;
    }
}

public static class SiloHosting
{
    /// <summary>The id rows are kept under (Orleans' ServiceId): the one the previous release wrote them under, unless set.</summary>
    public const string DefaultServiceId = "inbox";

    /// <summary>
    /// The grains whose silo this node remembers (Orleans' default is a million). Orleans sizes the cache's table for all
    /// of them up front (about 9 MiB), and the dashboard's once-a-second metrics count it by walking every slot: at a
    /// million that walk was 1 % of the app's CPU under load (docs/performance.md). A node works with far fewer remote
    /// grains at once than this; one it forgot it asks the directory for again.
    /// </summary>
    public const int DirectoryCacheSize = 100_000;

    /// <summary>
    /// Who this node is. <c>ClusterOptions.ServiceId</c> comes from "Inbox:Actors:ServiceId" (the setting the
    /// previous release read), else "inbox", so an existing data folder keeps its state. One node (no
    /// "Inbox:Cluster:Provider"): Orleans' development clustering on localhost. In a cluster
    /// (<see cref="InboxClusteringSiloBuilderExtensions.AddInboxClustering"/> adds the membership table): the
    /// ports of "Inbox:Silo", the cluster id, advertised address and membership timing of "Inbox:Cluster"
    /// (<see cref="ClusterNodeOptions"/>). Settings that cannot work are refused here, before the host is built.
    /// </summary>
    public static ISiloBuilder UseInboxNode(this ISiloBuilder silo, IConfiguration configuration)
    {
        var ports = Bind<SiloPortOptions>(configuration, "Inbox:Silo");
        RefuseIfAny("Inbox:Silo", ports.Problems());
        var serviceId = configuration["Inbox:Actors:ServiceId"] is { Length: > 0 } configured ? configured : DefaultServiceId;
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = DirectoryCacheSize);
        if (!silo.IsClustered()) return silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort, serviceId: serviceId, clusterId: serviceId);

        var node = Bind<ClusterNodeOptions>(configuration, ClusteringOptions.Section);
        RefuseIfAny(ClusteringOptions.Section, node.Problems());
        var address = node.ResolveAddress();
        silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (serviceId, node.ClusterId?.Trim() ?? serviceId));
        silo.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = ports.SiloPort;
            o.GatewayPort = ports.GatewayPort;
            if (address is not null) o.AdvertisedIPAddress = address;
        });
        silo.Configure<ClusterMembershipOptions>(node.ApplyTo);
        return silo;
    }

    /// <summary>Binds a section, turning a value the binder cannot convert ("5 seconds" for a TimeSpan) into a refusal naming it.</summary>
    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new OptionsValidationException(section, typeof(T), [unreadable.Message]);
        }
    }

    private static void RefuseIfAny(string section, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) throw new OptionsValidationException(section, typeof(SiloHosting), problems);
    }
}
