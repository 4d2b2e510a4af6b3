namespace Inbox.Storage;

/// <summary>Domain rows to commit together with a grain's state (append a message, enqueue, schedule a job, …).</summary>
public sealed class UnitOfWork
{
    private readonly List<SqlWrite> _writes = [];

    public IReadOnlyList<SqlWrite> Writes => _writes;

    public UnitOfWork Add(SqlWrite write)
    {
        _writes.Add(write);
        return this;
    }
}
