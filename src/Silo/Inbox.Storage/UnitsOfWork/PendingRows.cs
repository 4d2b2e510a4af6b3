namespace Inbox.Storage;

/// <summary>
/// The domain rows of one <c>WriteStateAsync(work)</c> on their way to the storage provider, and what
/// became of them. The provider takes them at most once, so they can never ride along a second write.
/// </summary>
internal sealed class PendingRows(IReadOnlyList<SqlWrite> writes, CancellationTokenSource write)
{
    private int _taken;

    /// <summary>The token the write runs under: cancelled when a domain row fails (see <see cref="Refuse"/>).</summary>
    public CancellationToken Token => write.Token;

    public IReadOnlyList<SqlWrite> Writes { get; } = writes;

    public bool Taken => Volatile.Read(ref _taken) == 1;

    /// <summary>The unit's own error, when it was not the state's version check (a domain row's).</summary>
    public Exception? Failure { get; private set; }

    public bool TryTake() => Interlocked.Exchange(ref _taken, 1) == 0;

    /// <summary>Records the unit's own error (a statement's), which Orleans' state bridge logs as a storage failure.</summary>
    public void Failed(Exception error) => Failure = error;

    /// <summary>
    /// Records a row check's refusal and ends the write as cancelled. Orleans' state bridge logs every error of a
    /// provider as a storage failure at Error, but lets a cancellation of its own token pass unlogged; a refused
    /// row (a dedupe key seen, an email taken) is the domain's answer, not a storage failure, and the caller gets
    /// it as itself from <see cref="PersistentStateExtensions"/>.
    /// </summary>
    public OperationCanceledException Refuse(Exception error)
    {
        Failure = error;
        write.Cancel();
        return new OperationCanceledException("A domain row of the unit of work was refused.", error, write.Token);
    }
}
