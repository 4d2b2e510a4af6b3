namespace Inbox.Storage;

/// <summary>
/// Times as Microsoft.Data.Sqlite writes them (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, then <c>zzz</c> for an
/// offset), straight into UTF-8: the custom-format path of <c>ToString</c> cost the writer a tenth of each write.
/// </summary>
internal static class SqliteText
{
    /// <summary>Writes <paramref name="clock"/> (and <paramref name="offset"/>, when given) and returns the byte count.</summary>
    public static int Format(DateTime clock, TimeSpan? offset, Span<byte> destination)
    {
        var at = 0;
        Digits(destination, ref at, clock.Year, 4);
        destination[at++] = (byte)'-';
        Digits(destination, ref at, clock.Month, 2);
        destination[at++] = (byte)'-';
        Digits(destination, ref at, clock.Day, 2);
        destination[at++] = (byte)' ';
        Digits(destination, ref at, clock.Hour, 2);
        destination[at++] = (byte)':';
        Digits(destination, ref at, clock.Minute, 2);
        destination[at++] = (byte)':';
        Digits(destination, ref at, clock.Second, 2);
        // "FFFFFFF": the fraction without its trailing zeros, and no point at all when it is zero.
        var fraction = (int)(clock.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            var width = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                width--;
            }
            destination[at++] = (byte)'.';
            Digits(destination, ref at, fraction, width);
        }
        if (offset is { } zone)
        {
            destination[at++] = zone < TimeSpan.Zero ? (byte)'-' : (byte)'+';
            var minutes = Math.Abs((int)zone.TotalMinutes);
            Digits(destination, ref at, minutes / 60, 2);
            destination[at++] = (byte)':';
            Digits(destination, ref at, minutes % 60, 2);
        }
        return at;
    }

    private static void Digits(Span<byte> destination, ref int at, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[at + i] = (byte)('0' + value % 10);
            value /= 10;
        }
        at += width;
    }
}
