using System.Globalization;
using System.Text.Json;
using Orleans.Serialization.Activators;
using Orleans.Serialization.Serializers;

namespace Inbox.Storage;

/// <summary>
/// Orleans grain storage over our tables and group committer. A row per (service, grain type, key,
/// state name); its version is the ETag, so a write or clear over a version this activation did not
/// read throws <see cref="InconsistentStateException"/> and Orleans deactivates the stale activation.
/// A write also commits the domain rows its caller offered (<see cref="PersistentStateExtensions"/>).
/// </summary>
internal sealed class InboxGrainStorage(StateStore store, IActivatorProvider activators) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(grainId, stateName, cancellationToken);
        grainState.ETag = stored?.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = stored?.Payload is not null;
        grainState.State = stored?.Payload is { } payload ? JsonSerializer.Deserialize<T>(payload, StateStore.Json) ?? New<T>() : New<T>();
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        // Taken before the first await, while this call still runs in the context its caller offered the rows in.
        var rows = UnitOfWorkChannel.Take();
        var version = Version(grainState.ETag, stateName, grainId);
        var write = store.WriteState(grainId, stateName, JsonSerializer.Serialize(grainState.State, StateStore.Json), version);
        try
        {
            await store.CommitAsync(rows is null ? [write] : [write, .. rows.Writes], cancellationToken);
        }
        catch (Exception error) when (rows is not null && error is not InconsistentStateException)
        {
            // A row check's answer is the domain's (an email taken, a dedupe key seen): the caller gets it as itself,
            // and Orleans does not log it as a storage failure. Anything else is one, and Orleans logs it.
            if (SqlWrite.IsRowCheck(error)) throw rows.Refuse(error);
            rows.Failed(error);
            throw;
        }
        grainState.ETag = ((version ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <summary>Keeps the row with no payload and a new version, so a stale activation's later write still conflicts.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (Version(grainState.ETag, stateName, grainId) is { } version)
        {
            await store.CommitAsync([store.WriteState(grainId, stateName, payload: null, version)], cancellationToken);
            grainState.ETag = (version + 1).ToString(CultureInfo.InvariantCulture);
        }
        grainState.State = New<T>();
        grainState.RecordExists = false;
    }

    private T New<T>() => activators.GetActivator<T>().Create();

    private static long? Version(string? etag, string stateName, GrainId grainId) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw new InconsistentStateException($"State '{stateName}' of {grainId} has ETag '{etag}', which this storage never gave.", null, etag);
}
