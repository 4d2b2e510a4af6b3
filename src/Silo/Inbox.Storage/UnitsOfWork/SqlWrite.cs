namespace Inbox.Storage;

/// <summary>
/// One statement of a unit of work. Parameters are positional: <c>$1</c>, <c>$2</c>, … in both
/// dialects. Give <see cref="Postgres"/> only where PostgreSQL needs other text.
/// </summary>
public sealed record SqlWrite(string Sql, params object?[] Args)
{
    public string? Postgres { get; init; }

    /// <summary>When set, a different count of changed rows fails the unit (and undoes its other rows).</summary>
    public int? ExpectedRows { get; init; }

    /// <summary>The error for <see cref="ExpectedRows"/>; by default an <see cref="UnexpectedRowsException"/>.</summary>
    public Func<Exception>? Unexpected { get; init; }

    // Not Orleans' InconsistentStateException: that one means "this activation's state is stale" and
    // makes Orleans deactivate the grain; a domain row's check failing is the domain's business.
    internal Exception Mismatch(int rows)
    {
        var error = Unexpected?.Invoke() ?? new UnexpectedRowsException($"Expected {ExpectedRows} changed row(s) but saw {rows}: {Sql}");
        error.Data[RowCheck] = true;
        return error;
    }

    /// <summary>Marks an error that is a row check's answer (the unit's own refusal), not a failure of the store.</summary>
    internal const string RowCheck = "Inbox.Storage.RowCheck";

    internal static bool IsRowCheck(Exception error) => error.Data[RowCheck] is true;
}
