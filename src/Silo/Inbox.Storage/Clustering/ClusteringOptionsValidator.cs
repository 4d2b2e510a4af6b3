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
        return StoreProblem(storage.Value.Provider) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    /// <summary>Why a cluster cannot run on the configured "Inbox:Storage:Provider" (unset is SQLite); null when it can, or when the binder will refuse the value itself.</summary>
    public static string? StoreProblem(string? configuredProvider) =>
        string.IsNullOrWhiteSpace(configuredProvider) ? StoreProblem(StorageProvider.Sqlite)
        : Enum.TryParse<StorageProvider>(configuredProvider.Trim(), ignoreCase: true, out var provider) ? StoreProblem(provider)
        : null;

    // Nodes share membership and state through one database; a SQLite file is one machine's.
    private static string? StoreProblem(StorageProvider provider) => provider == StorageProvider.Postgres ? null :
        $"Inbox:Cluster:Provider is Postgres, which needs Inbox:Storage:Provider Postgres (it is {provider}): " +
        "cluster nodes keep membership and state in one PostgreSQL database, a SQLite file cannot be shared.";

    public static string UnknownProvider(string provider) => $"Inbox:Cluster:Provider must be Postgres or unset, not {provider}.";
}
