using Microsoft.Extensions.Options;

namespace Inbox.Storage;

/// <summary>Refuses a cluster the store cannot hold, at start, naming the settings.</summary>
internal sealed class ClusteringOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<ClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Provider)) return ValidateOptionsResult.Success;
        if (!options.IsPostgres)
            return ValidateOptionsResult.Fail(UnknownProvider(options.Provider));
        // Nodes share membership and state through one database; a SQLite file is one machine's.
        if (storage.Value.Provider != StorageProvider.Postgres)
            return ValidateOptionsResult.Fail(
                $"Inbox:Cluster:Provider is Postgres, which needs Inbox:Storage:Provider Postgres (it is {storage.Value.Provider}): " +
                "cluster nodes keep membership and state in one PostgreSQL database, a SQLite file cannot be shared.");
        return ValidateOptionsResult.Success;
    }

    public static string UnknownProvider(string provider) => $"Inbox:Cluster:Provider must be Postgres or unset, not {provider}.";
}
