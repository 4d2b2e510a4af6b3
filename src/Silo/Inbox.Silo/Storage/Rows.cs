using System.Data.Common;

namespace Inbox.Silo.Storage;

/// <summary>Short reads of domain rows, in either dialect (parameters are <c>$1…$n</c>).</summary>
public sealed class Rows(Database database)
{
    public Database Database => database;

    public async Task<List<T>> QueryAsync<T>(string sql, IReadOnlyList<object?> args, Func<DbDataReader, T> map, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        database.Bind(command, args);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(map(reader));
        return rows;
    }

    public async Task<T?> SingleOrDefaultAsync<T>(string sql, IReadOnlyList<object?> args, Func<DbDataReader, T> map, CancellationToken cancellationToken = default)
        where T : class => (await QueryAsync(sql, args, map, cancellationToken)).FirstOrDefault();

    public async Task<string?> ScalarStringAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken = default) =>
        (await QueryAsync(sql, args, r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken)).FirstOrDefault();
}

public static class ReaderExtensions
{
    public static string? Text(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    public static long? Long(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    public static DateTimeOffset? Time(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(i));

    public static DateTimeOffset TimeOrEpoch(this DbDataReader reader, int i) => reader.Time(i) ?? DateTimeOffset.UnixEpoch;
}
