using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>Reads grain state rows and turns writes into version-checked statements for the group committer.</summary>
public sealed class StateStore(Database database, GroupCommitter committer, IOptions<ActorsOptions> options, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _serviceId = options.Value.ServiceId;

    public async Task<StoredState?> ReadAsync(GrainId id, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM grain_state WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4";
        database.Bind(command, [_serviceId, id.Type, id.Key, stateName]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredState(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
    }

    /// <summary>Commits statements atomically, sharing a transaction with other callers' units.</summary>
    public Task CommitAsync(IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken = default) =>
        committer.CommitAsync(writes, cancellationToken);

    /// <summary>
    /// The statement that stores a state: an insert that must not find a row when nothing was read,
    /// otherwise an update that must find exactly the version read. A null payload clears.
    /// </summary>
    internal SqlWrite WriteState(GrainId id, string stateName, string? payload, long? expectedVersion) =>
        Write(_serviceId, id, stateName, payload, expectedVersion, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>The statement itself; benchmarks run it bare to compare against the runtime.</summary>
    internal static SqlWrite Write(string serviceId, GrainId id, string stateName, string? payload, long? expectedVersion, long now)
    {
        var conflict = () => new InconsistentStateException(
            $"State '{stateName}' of {id} changed in storage since version {expectedVersion?.ToString() ?? "(none)"} was read.");
        return expectedVersion is { } version
            ? new SqlWrite(
                "UPDATE grain_state SET payload = $5, version = version + 1, modified_at = $6 WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7",
                serviceId, id.Type, id.Key, stateName, payload, now, version)
            {
                Postgres = "UPDATE grain_state SET payload = $5::jsonb, version = version + 1, modified_at = to_timestamp($6 / 1000.0) WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7",
                ExpectedRows = 1,
                Unexpected = conflict,
            }
            : new SqlWrite(
                "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT DO NOTHING",
                serviceId, id.Type, id.Key, stateName, payload, now)
            {
                Postgres = "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5::jsonb, 1, to_timestamp($6 / 1000.0)) ON CONFLICT DO NOTHING",
                ExpectedRows = 1,
                Unexpected = conflict,
            };
    }
}

public sealed record StoredState(string? Payload, long Version);
