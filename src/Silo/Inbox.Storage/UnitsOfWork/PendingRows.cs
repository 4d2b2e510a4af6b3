namespace Inbox.Storage;

/// <summary>
/// The domain rows of one <c>WriteStateAsync(work)</c> on their way to the storage provider, and what
/// became of them. The provider takes them at most once, so they can never ride along a second write.
/// </summary>
internal sealed class PendingRows(IReadOnlyList<SqlWrite> writes)
{
    private int _taken;

    public IReadOnlyList<SqlWrite> Writes { get; } = writes;

    public bool Taken => Volatile.Read(ref _taken) == 1;

    /// <summary>The unit's own error, when it was not the state's version check (a domain row's).</summary>
    public Exception? Failure { get; private set; }

    public bool TryTake() => Interlocked.Exchange(ref _taken, 1) == 0;

    public void Failed(Exception error) => Failure = error;
}
