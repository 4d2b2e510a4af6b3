using System.Globalization;
using System.Text.Json;

namespace Inbox.Actors;

internal sealed class PersistentState<TState>(GrainId grainId, string stateName, StateStore store)
    : IPersistentState<TState>, IStateLoader where TState : new()
{
    private long? _version;

    public TState State { get; set; } = new();

    public string? Etag => _version?.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAsync(grainId, stateName, cancellationToken);
        _version = stored?.Version;
        RecordExists = stored?.Payload is not null;
        State = RecordExists ? JsonSerializer.Deserialize<TState>(stored!.Payload!, StateStore.Json) ?? new() : new();
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => WriteAsync([], cancellationToken);

    public Task WriteStateAsync(UnitOfWork alongWith, CancellationToken cancellationToken = default) => WriteAsync(alongWith.Writes, cancellationToken);

    private async Task WriteAsync(IReadOnlyList<SqlWrite> alongWith, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(State, StateStore.Json);
        var write = store.WriteState(grainId, stateName, payload, _version);
        await store.CommitAsync(alongWith.Count == 0 ? [write] : [write, .. alongWith], cancellationToken);
        _version = (_version ?? 0) + 1;
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        if (_version is { } version)
        {
            await store.CommitAsync([store.WriteState(grainId, stateName, payload: null, version)], cancellationToken);
            _version = version + 1;
        }
        State = new();
        RecordExists = false;
    }
}
