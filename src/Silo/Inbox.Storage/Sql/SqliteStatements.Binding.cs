using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Inbox.Storage;

/// <summary>Values bound as Microsoft.Data.Sqlite binds them, so rows read back the same whichever path wrote them.</summary>
internal sealed partial class SqliteStatements
{
    private void Bind(IntPtr statement, int index, object? value)
    {
        var result = value switch
        {
            null or DBNull or SqlNull => SqliteNative.sqlite3_bind_null(statement, index),
            string text => BindText(statement, index, text),
            long number => SqliteNative.sqlite3_bind_int64(statement, index, number),
            int number => SqliteNative.sqlite3_bind_int64(statement, index, number),
            short number => SqliteNative.sqlite3_bind_int64(statement, index, number),
            byte number => SqliteNative.sqlite3_bind_int64(statement, index, number),
            bool flag => SqliteNative.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double real when double.IsNaN(real) => throw new InvalidOperationException("Cannot store 'NaN' values."),
            double real => SqliteNative.sqlite3_bind_double(statement, index, real),
            float real when float.IsNaN(real) => throw new InvalidOperationException("Cannot store 'NaN' values."),
            float real => SqliteNative.sqlite3_bind_double(statement, index, real),
            // Microsoft.Data.Sqlite's text forms for times and decimals, so both paths store the same text.
            DateTimeOffset time => BindUtf8(statement, index, SqliteText.Format(time.DateTime, time.Offset, _buffer)),
            DateTime time => BindUtf8(statement, index, SqliteText.Format(time, null, _buffer)),
            decimal number => BindText(statement, index, number.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            byte[] bytes => SqliteNative.sqlite3_bind_blob(statement, index, ref MemoryMarshal.GetArrayDataReference(bytes.Length == 0 ? _buffer : bytes), bytes.Length, Transient),
            Guid id => BindText(statement, index, id.ToString().ToUpperInvariant()),
            Enum choice => SqliteNative.sqlite3_bind_int64(statement, index, Convert.ToInt64(choice, CultureInfo.InvariantCulture)),
            _ => throw new NotSupportedException($"A {value.GetType().Name} cannot be bound as a SQLite parameter."),
        };
        if (result != 0) throw Error(result);
    }

    private int BindText(IntPtr statement, int index, string text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > _buffer.Length) _buffer = new byte[Math.Max(Encoding.UTF8.GetByteCount(text), _buffer.Length)];
        var length = Encoding.UTF8.GetBytes(text, _buffer);
        var result = SqliteNative.sqlite3_bind_text(statement, index, ref _buffer[0], length, Transient);
        // SQLite copied the text: a buffer grown for one large value need not stay that large.
        if (_buffer.Length > KeptBuffer) _buffer = new byte[InitialBuffer];
        return result;
    }

    private int BindUtf8(IntPtr statement, int index, int length) => SqliteNative.sqlite3_bind_text(statement, index, ref _buffer[0], length, Transient);
}
