namespace Inbox.Actors;

/// <summary>
/// One statement of a unit of work. Parameters are positional: <c>$1</c>, <c>$2</c>, … in both
/// dialects. Give <see cref="Postgres"/> only where PostgreSQL needs other text.
/// </summary>
public sealed record SqlWrite(string Sql, params object?[] Args)
{
    public string? Postgres { get; init; }

    /// <summary>When set, a different count of changed rows fails the unit (and undoes its other rows).</summary>
    public int? ExpectedRows { get; init; }

    /// <summary>The error for <see cref="ExpectedRows"/>; by default an <see cref="InconsistentStateException"/>.</summary>
    public Func<Exception>? Unexpected { get; init; }

    internal Exception Mismatch(int rows) =>
        Unexpected?.Invoke() ?? new InconsistentStateException($"Expected {ExpectedRows} changed row(s) but saw {rows}: {Sql}");
}

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
