using System.Data.Common;

namespace Inbox.Storage;

/// <summary>
/// The statements one connection runs over and over (the group committer's), each prepared once
/// and kept for the connection's life. Parameters are positional: <c>$1…$n</c>.
/// </summary>
internal abstract class Statements : IAsyncDisposable
{
    /// <summary>Runs one statement inside <paramref name="transaction"/> and returns the rows it changed.</summary>
    public abstract ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?> args, DbTransaction transaction);

    public abstract ValueTask DisposeAsync();
}

/// <summary>Statements as ADO.NET commands, one per distinct SQL text, bound through <see cref="Database.Bind"/>.</summary>
internal sealed class CommandStatements(Database database, DbConnection connection) : Statements
{
    private readonly Dictionary<string, DbCommand> _commands = [];

    public override async ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?> args, DbTransaction transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        database.Bind(command, args);
        return await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
    }
}
