namespace Inbox.Silo.Queries;

/// <summary>Builds a statement with positional parameters while conditions are added.</summary>
public sealed class Sql
{
    private readonly List<object?> _args = [];
    private readonly List<string> _where = [];

    public IReadOnlyList<object?> Args => _args;

    public string Param(object? value)
    {
        _args.Add(value);
        return "$" + _args.Count;
    }

    public Sql Where(string condition)
    {
        _where.Add(condition);
        return this;
    }

    public string WhereClause => _where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _where.Select(w => $"({w})"));

    public string In(IEnumerable<string> values) => string.Join(", ", values.Select(v => Param(v)));

    /// <summary>A LIKE pattern for "contains", with the user's own % and _ taken literally.</summary>
    public static string Contains(string text) =>
        "%" + text.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

/// <summary>One page of a list, newest first; pass <see cref="Next"/> back to get the following page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

public static class Cursor
{
    public static string Encode(long time, string id) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{time}|{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Time, string Id) Decode(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|');
            return (long.Parse(text[..bar], System.Globalization.CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw Refuse.Invalid("bad_cursor", "The page cursor is not one this API handed out.", "cursor");
        }
    }
}
