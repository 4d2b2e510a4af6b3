using System.Runtime.InteropServices;

namespace Inbox.Storage;

/// <summary>The few entry points of the SQLite library that Microsoft.Data.Sqlite has already loaded.</summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    [DllImport(Library)] public static extern int sqlite3_prepare_v2(IntPtr db, IntPtr sql, int bytes, out IntPtr statement, out IntPtr tail);
    [DllImport(Library)] public static extern int sqlite3_bind_parameter_count(IntPtr statement);
    [DllImport(Library)] public static extern int sqlite3_stmt_readonly(IntPtr statement);
    [DllImport(Library)] public static extern IntPtr sqlite3_bind_parameter_name(IntPtr statement, int index);
    [DllImport(Library)] public static extern int sqlite3_bind_null(IntPtr statement, int index);
    [DllImport(Library)] public static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);
    [DllImport(Library)] public static extern int sqlite3_bind_double(IntPtr statement, int index, double value);
    [DllImport(Library)] public static extern int sqlite3_bind_text(IntPtr statement, int index, ref byte text, int bytes, IntPtr destructor);
    [DllImport(Library)] public static extern int sqlite3_bind_blob(IntPtr statement, int index, ref byte blob, int bytes, IntPtr destructor);
    [DllImport(Library)] public static extern int sqlite3_step(IntPtr statement);
    [DllImport(Library)] public static extern int sqlite3_reset(IntPtr statement);
    [DllImport(Library)] public static extern int sqlite3_finalize(IntPtr statement);
    [DllImport(Library)] public static extern int sqlite3_changes(IntPtr db);
    [DllImport(Library)] public static extern IntPtr sqlite3_errmsg(IntPtr db);
    [DllImport(Library)] public static extern int sqlite3_extended_errcode(IntPtr db);
}
