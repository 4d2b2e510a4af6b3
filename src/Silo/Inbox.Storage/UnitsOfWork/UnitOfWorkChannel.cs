namespace Inbox.Storage;

/// <summary>
/// Carries a grain's domain rows from <see cref="PersistentStateExtensions.WriteStateAsync{TState}"/> to
/// <see cref="InboxGrainStorage"/>, past Orleans' state bridge, which passes the provider only
/// (state name, grain id, state). It is an <see cref="AsyncLocal{T}"/> because the only thing the
/// two ends share is the call itself: the value is set just around the synchronous start of the
/// bridge's write, flows with that write's execution context into the provider, and is taken there
/// once. It holds nothing between writes, so the static is not state shared across grains.
/// </summary>
internal static class UnitOfWorkChannel
{
    private static readonly AsyncLocal<PendingRows?> Current = new();

    /// <summary>Offers <paramref name="rows"/> to whatever write starts before the scope is disposed.</summary>
    public static Scope Offer(PendingRows rows)
    {
        var previous = Current.Value;
        Current.Value = rows;
        return new Scope(previous);
    }

    /// <summary>The rows offered to this write, or null; a second take of the same rows gets null.</summary>
    public static PendingRows? Take() => Current.Value is { } rows && rows.TryTake() ? rows : null;

    public readonly struct Scope(PendingRows? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
