using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;

namespace Inbox.Web.Hosting;

/// <summary>
/// Bound from "Inbox:Cluster" when its Provider is Postgres: which cluster this node joins, the address
/// the other nodes reach it on, and how long a silent node may stay silent before it is declared dead.
/// </summary>
/// <remarks>
/// The membership defaults are Orleans' own probe settings, on purpose: a node is suspected after 3 missed
/// probes of 5 s (about 12–18 s from a <c>kill -9</c> to the survivor answering, measured in orleans-10.md §5).
/// Shorter probes fail over in under a second on an idle machine, but with both cores saturated Orleans'
/// timers fired 11–15 s late there, and a node declared dead kills itself and drops every request it holds:
/// a false death costs more than a slower failover, so the fast setting is an operator's choice, not ours.
/// </remarks>
public sealed class ClusterNodeOptions
{
    /// <summary>The cluster this node joins (Orleans' ClusterId); unset, the service id: one cluster per database.</summary>
    public string? ClusterId { get; set; }

    /// <summary>
    /// An IP address or host name the other nodes reach this one on. Unset, Orleans' choice: the machine's first
    /// IPv4 address that is not loopback. Two nodes on one machine may both use 127.0.0.1 with their own ports.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a probe of another node may take before it counts as missed (Orleans adapts it between half and four times this).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes in a row before a node votes the other one dead.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often a node reads the whole membership table, the backstop for changes it missed by gossip.
    /// 10 s rather than Orleans' minute: one small read per node, and a node learns of a death others declared soon.
    /// </summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a node writes its heartbeat to the table (Orleans' 30 s): diagnostics, and how stale rows are told apart.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these settings, each in words that name the setting; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ClusterId is { } id && (id.Trim().Length == 0 || id.Length > 150))
            problems.Add($"{Section}:ClusterId must be unset (the service id) or 1–150 characters, not '{id}'.");
        CheckDuration(problems, nameof(ProbeTimeout), ProbeTimeout, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(2));
        if (NumMissedProbesLimit is < 1 or > 20)
            problems.Add($"{Section}:NumMissedProbesLimit must be 1–20, not {NumMissedProbesLimit}.");
        CheckDuration(problems, nameof(TableRefreshTimeout), TableRefreshTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        CheckDuration(problems, nameof(IAmAliveTablePublishTimeout), IAmAliveTablePublishTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        return problems;
    }

    /// <summary>The advertised address as an IP (a host name resolved now, IPv4 first); null for Orleans' own choice.</summary>
    public IPAddress? ResolveAddress()
    {
        if (string.IsNullOrWhiteSpace(AdvertisedAddress)) return null;
        var text = AdvertisedAddress.Trim();
        if (IPAddress.TryParse(text, out var address)) return address;
        try
        {
            var found = Dns.GetHostAddresses(text);
            return found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
                ?? throw Unresolved(text, "it has no address");
        }
        catch (SocketException failed)
        {
            throw Unresolved(text, failed.Message);
        }
    }

    public void ApplyTo(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = ProbeTimeout;
        membership.NumMissedProbesLimit = NumMissedProbesLimit;
        membership.TableRefreshTimeout = TableRefreshTimeout;
        membership.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }

    private const string Section = ClusteringOptions.Section;

    private static Microsoft.Extensions.Options.OptionsValidationException Unresolved(string text, string why) =>
        new(Section, typeof(ClusterNodeOptions), [$"{Section}:AdvertisedAddress '{text}' is neither an IP address nor a host name this machine can resolve ({why})."]);

    private static void CheckDuration(List<string> problems, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) problems.Add($"{Section}:{name} must be between {min:c} and {max:c}, not {value:c}.");
    }
}
