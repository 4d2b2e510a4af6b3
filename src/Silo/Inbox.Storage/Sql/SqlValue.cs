namespace Inbox.Storage;

/// <summary>
/// A null that knows its column type. PostgreSQL cannot infer the type of a bare null parameter
/// (it is sent as text); pass <c>SqlValue.Of(x)</c> for nullable numbers and times.
/// </summary>
public sealed class SqlNull
{
    private SqlNull(Type type) => Type = type;

    public Type Type { get; }

    public static SqlNull Int64 { get; } = new(typeof(long));

    public static SqlNull Text { get; } = new(typeof(string));
}

public static class SqlValue
{
    public static object Of(long? value) => value is { } v ? v : SqlNull.Int64;

    public static object Of(string? value) => value is { } v ? v : SqlNull.Text;

    public static object Of(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : SqlNull.Int64;

    public static object Of(bool value) => value ? 1L : 0L;
}
