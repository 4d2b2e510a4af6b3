using System.Data.Common;
using Npgsql;

namespace Inbox.Storage;

public sealed class PostgresDatabase(string connectionString) : Database
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override StorageProvider Provider => StorageProvider.Postgres;

    internal override bool ErrorAbortsTransaction => true;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    internal override ValueTask<DbConnection> OpenWriterAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    public override void Bind(DbCommand command, IReadOnlyList<object?> args)
    {
        var parameters = ((NpgsqlCommand)command).Parameters;
        if (parameters.Count == args.Count && Enumerable.Range(0, args.Count).All(i => SameType(parameters[i].Value, args[i])))
        {
            for (var i = 0; i < args.Count; i++) parameters[i].Value = args[i];
            return;
        }
        parameters.Clear();
        foreach (var arg in args) parameters.Add(Parameter(arg));
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // A null has no type for PostgreSQL's inference: send it as text, which every column here accepts after a cast.
    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        SqlNull { Type: var t } when t == typeof(long) => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint },
        SqlNull => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        _ => new NpgsqlParameter { Value = value },
    };

    // A cached command keeps its parameters' types, so values may only be swapped for values of the same type.
    private static bool SameType(object? current, object? next) => (current, next) switch
    {
        (DBNull, _) or (_, null or SqlNull) => false,
        _ => current?.GetType() == next?.GetType(),
    };
}
