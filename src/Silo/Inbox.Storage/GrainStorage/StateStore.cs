using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Inbox.Storage;

/// <summary>
/// Grain state rows and commits. Reads go to the database directly; every write goes through the
/// group committer, so grain states, domain rows and job rows share transactions.
/// </summary>
public sealed class StateStore(Database database, GroupCommitter committer, IOptions<ClusterOptions> cluster, TimeProvider time)
{
    /// <summary>The JSON the old runtime wrote state in, so state already on disk reads back.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Orleans' service id: deployments that share one database keep their rows apart by it.</summary>
    public string ServiceId { get; } = cluster.Value.ServiceId;

    public Database Database => database;

    public async Task<StoredState?> ReadAsync(GrainId id, string stateName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM grain_state WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4";
        database.Bind(command, [ServiceId, StoredGrainId.Type(id), StoredGrainId.Key(id), stateName]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredState(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
    }

    /// <summary>Commits statements atomically, sharing a transaction with other callers' units: a commit without state.</summary>
    public Task CommitAsync(IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken = default) =>
        committer.CommitAsync(writes, cancellationToken);

    /// <summary>
    /// The statement that stores a state: an insert that must not find a row when nothing was read,
    /// otherwise an update that must find exactly the version read. A null payload clears.
    /// </summary>
    internal SqlWrite WriteState(GrainId id, string stateName, string? payload, long? expectedVersion) =>
        StateRows.Write(ServiceId, StoredGrainId.Type(id), StoredGrainId.Key(id), stateName, payload, expectedVersion, time.GetUtcNow().ToUnixTimeMilliseconds());
}

public sealed record StoredState(string? Payload, long Version);
