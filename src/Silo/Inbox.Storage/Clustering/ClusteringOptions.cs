namespace Inbox.Storage;

/// <summary>
/// Bound from "Inbox:Cluster". <see cref="Provider"/> unset: one node, the host's own clustering.
/// "Postgres": the silo is a member of a cluster kept in the storage database.
/// </summary>
public sealed class ClusteringOptions
{
    public const string Section = "Inbox:Cluster";

    /// <summary>A string, not an enum, so a wrong value is refused by our validator with its name rather than by the binder.</summary>
    public string? Provider { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);
}
