using Microsoft.Extensions.Options;

namespace Inbox.Web.Hosting;

/// <summary>Bound from "Inbox:Silo": the ports of the silo co-hosted in this process.</summary>
public sealed class SiloPortOptions
{
    /// <summary>Silo-to-silo traffic; on one node only the node itself listens on it.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Where outside Orleans clients connect; 0 (the default) opens no gateway: the web app calls its own silo in process.</summary>
    public int GatewayPort { get; set; }
}

public static class SiloHosting
{
    /// <summary>The id rows are kept under (Orleans' ServiceId): the one the previous release wrote them under, unless set.</summary>
    public const string DefaultServiceId = "inbox";

    /// <summary>
    /// One node: Orleans' development clustering on localhost, and <c>ClusterOptions.ServiceId</c> from
    /// "Inbox:Actors:ServiceId" (the setting the previous release read), else "inbox", so an existing data
    /// folder keeps its state.
    /// </summary>
    public static ISiloBuilder UseInboxNode(this ISiloBuilder silo, IConfiguration configuration)
    {
        var ports = configuration.GetSection("Inbox:Silo").Get<SiloPortOptions>() ?? new SiloPortOptions();
        if (ports.SiloPort is < 1 or > 65535) throw new OptionsValidationException("Inbox:Silo", typeof(SiloPortOptions), [$"Inbox:Silo:SiloPort must be a port (1–65535), not {ports.SiloPort}."]);
        if (ports.GatewayPort is < 0 or > 65535) throw new OptionsValidationException("Inbox:Silo", typeof(SiloPortOptions), [$"Inbox:Silo:GatewayPort must be a port, or 0 for none, not {ports.GatewayPort}."]);
        var serviceId = configuration["Inbox:Actors:ServiceId"] is { Length: > 0 } configured ? configured : DefaultServiceId;
        return silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort, serviceId: serviceId, clusterId: serviceId);
    }
}
