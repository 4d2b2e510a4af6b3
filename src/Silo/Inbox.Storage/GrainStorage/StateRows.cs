using System.Globalization;

namespace Inbox.Storage;

/// <summary>The version-checked statements of <c>grain_state</c>; benchmarks run them bare to compare against the store.</summary>
internal static class StateRows
{
    public static SqlWrite Write(string serviceId, string grainType, string grainKey, string stateName, string? payload, long? expectedVersion, long now)
    {
        var expected = expectedVersion?.ToString(CultureInfo.InvariantCulture);
        var conflict = () => new InconsistentStateException(
            $"State '{stateName}' of {grainType}/{grainKey} changed in storage since version {expected ?? "(none)"} was read.", storedEtag: null, currentEtag: expected);
        return expectedVersion is { } version
            ? new SqlWrite(
                "UPDATE grain_state SET payload = $5, version = version + 1, modified_at = $6 WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7",
                serviceId, grainType, grainKey, stateName, payload, now, version)
            {
                Postgres = "UPDATE grain_state SET payload = $5::jsonb, version = version + 1, modified_at = to_timestamp($6 / 1000.0) WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7",
                ExpectedRows = 1,
                Unexpected = conflict,
            }
            : new SqlWrite(
                "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT DO NOTHING",
                serviceId, grainType, grainKey, stateName, payload, now)
            {
                Postgres = "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5::jsonb, 1, to_timestamp($6 / 1000.0)) ON CONFLICT DO NOTHING",
                ExpectedRows = 1,
                Unexpected = conflict,
            };
    }
}
