namespace Inbox.Actors;

/// <summary>
/// A grain's named, durable state, read before <see cref="Grain.OnActivateAsync"/>. Writes are
/// version-checked: a write over a version this activation did not read throws
/// <see cref="InconsistentStateException"/>.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>The stored version this activation last read or wrote; null when nothing was stored.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state and the unit's domain rows in one transaction: all or nothing.</summary>
    Task WriteStateAsync(UnitOfWork alongWith, CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

internal interface IStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
