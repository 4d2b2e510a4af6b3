using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Inbox.Storage;

/// <summary>
/// The writer's statements, run against SQLite's C API directly: prepared once per SQL text, bound by
/// position, stepped, reset. Microsoft.Data.Sqlite would look every parameter up by name, wrap each
/// call in a safe handle and build a reader per statement; on the one writer thread that was a third
/// of the time a write took. Values bind exactly as Microsoft.Data.Sqlite binds them, so rows read
/// back the same whichever path wrote them.
/// </summary>
internal sealed partial class SqliteStatements : Statements
{
    private const int Row = 100;
    private const int Done = 101;
    private const int InitialBuffer = 4096;
    private const int KeptBuffer = 1 << 20;
    private static readonly IntPtr Transient = new(-1);

    private readonly SqliteConnection _connection;
    private readonly IntPtr _db;
    private readonly Dictionary<string, Prepared> _bySameString = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Prepared> _byText = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[InitialBuffer];

    public SqliteStatements(SqliteConnection connection)
    {
        _connection = connection;
        // Hold the connection's handle open for as long as statements are prepared on it.
        var added = false;
        connection.Handle!.DangerousAddRef(ref added);
        _db = connection.Handle.DangerousGetHandle();
    }

    public override ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?> args, DbTransaction transaction) =>
        ValueTask.FromResult(Execute(sql, args));

    public int Execute(string sql, IReadOnlyList<object?> args)
    {
        var statement = Find(sql);
        if (args.Count < statement.Needs)
            throw new ArgumentException($"The statement uses ${statement.Needs} but was given {args.Count} value(s): {sql}", nameof(args));
        var handle = statement.Handle;
        // No try/finally here: the JIT inlines the native calls' transitions only outside exception
        // handling, and nothing needs undoing until the statement has stepped.
        var bound = statement.Bound;
        for (var i = 0; i < bound.Length; i++)
        {
            // SQLite keeps a statement's values from run to run: a string it holds already (the same, immutable
            // object: a service id, grain type or state name) need not be converted and copied again.
            var value = args[statement.ArgumentOf[i]];
            if (value is string && ReferenceEquals(value, bound[i])) continue;
            bound[i] = null;
            Bind(handle, i + 1, value);
            bound[i] = value as string;
        }
        var result = SqliteNative.sqlite3_step(handle);
        var error = result is Done or Row ? null : Error(result); // read SQLite's message before the reset clears it
        // Like Microsoft.Data.Sqlite: -1 for statements that change nothing (SAVEPOINT, RELEASE, SELECT).
        var changes = error is null && !statement.ReadOnly ? SqliteNative.sqlite3_changes(_db) : -1;
        SqliteNative.sqlite3_reset(handle);
        return error is null ? changes : throw error;
    }

    private Prepared Find(string sql)
    {
        // SQL texts are constants in code, so the same string object comes back: no need to hash its text.
        if (_bySameString.TryGetValue(sql, out var statement)) return statement;
        if (!_byText.TryGetValue(sql, out statement)) _byText[sql] = statement = Prepare(sql);
        // Texts built at run time arrive as new strings each time: keep that shortcut from growing without end.
        if (_bySameString.Count > 4 * _byText.Count + 64) _bySameString.Clear();
        _bySameString[sql] = statement;
        return statement;
    }

    private Prepared Prepare(string sql)
    {
        var bytes = Encoding.UTF8.GetBytes(sql);
        var text = Marshal.AllocHGlobal(bytes.Length + 1);
        IntPtr handle;
        try
        {
            Marshal.Copy(bytes, 0, text, bytes.Length);
            Marshal.WriteByte(text, bytes.Length, 0);
            var result = SqliteNative.sqlite3_prepare_v2(_db, text, bytes.Length + 1, out handle, out var tail);
            if (result != 0) throw Error(result);
            // One statement per write: SQLite would silently ignore whatever follows the first (comments may follow).
            var left = bytes.Length + 1 - (int)(tail - text);
            var more = IntPtr.Zero;
            if (handle != IntPtr.Zero && left > 1) SqliteNative.sqlite3_prepare_v2(_db, tail, left, out more, out _);
            if (handle == IntPtr.Zero || more != IntPtr.Zero)
            {
                SqliteNative.sqlite3_finalize(more);
                SqliteNative.sqlite3_finalize(handle);
                throw new ArgumentException($"A write runs exactly one statement: {sql}", nameof(sql));
            }
        }
        finally
        {
            Marshal.FreeHGlobal(text);
        }
        var count = SqliteNative.sqlite3_bind_parameter_count(handle);
        var argumentOf = new int[count];
        for (var i = 1; i <= count; i++)
        {
            // SQLite numbers "$n" parameters in order of first use, so map each back to its n.
            var name = Marshal.PtrToStringUTF8(SqliteNative.sqlite3_bind_parameter_name(handle, i));
            if (name is null || name.Length < 2 || name[0] != '$' || !int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                SqliteNative.sqlite3_finalize(handle);
                throw new ArgumentException($"Parameters are written $1, $2, …; found '{name}' in: {sql}", nameof(sql));
            }
            argumentOf[i - 1] = n - 1;
        }
        return new Prepared(handle, argumentOf, argumentOf.Length == 0 ? 0 : argumentOf.Max() + 1, SqliteNative.sqlite3_stmt_readonly(handle) != 0);
    }

    private SqliteException Error(int result)
    {
        var message = Marshal.PtrToStringUTF8(SqliteNative.sqlite3_errmsg(_db)) ?? "unknown error";
        return new SqliteException($"SQLite Error {result}: '{message}'.", result, SqliteNative.sqlite3_extended_errcode(_db));
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var statement in _byText.Values) SqliteNative.sqlite3_finalize(statement.Handle);
        _byText.Clear();
        _bySameString.Clear();
        _connection.Handle?.DangerousRelease();
        return ValueTask.CompletedTask;
    }

    /// <param name="ArgumentOf">For each parameter slot (1…n in SQLite's order), which value of the list it takes.</param>
    /// <param name="Needs">How many values the statement reads: its highest <c>$n</c>.</param>
    /// <param name="ReadOnly">Changes nothing (a SELECT, SAVEPOINT or RELEASE): its row count is -1.</param>
    private sealed record Prepared(IntPtr Handle, int[] ArgumentOf, int Needs, bool ReadOnly)
    {
        /// <summary>The string each slot holds now, if it holds one.</summary>
        public string?[] Bound { get; } = new string?[ArgumentOf.Length];
    }
}
