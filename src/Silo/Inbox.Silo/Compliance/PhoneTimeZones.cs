using System.Collections.ObjectModel;

namespace Inbox.Silo.Compliance;

/// <summary>
/// Maps an E.164 phone number to the IANA time zone(s) its holder may be in, so quiet hours
/// can be checked in the recipient's local time. A number can map to several zones because an
/// area code or a country can span zones; callers should treat every returned zone as possible.
/// An empty list means "unknown" — the caller decides how cautious to be.
/// </summary>
public static class PhoneTimeZones
{
    public const string NanpResourceName = "timezones/nanp-area-codes.csv";
    public const string CountryResourceName = "timezones/country-codes.csv";

    // Lazy<T> defaults to ExecutionAndPublication: the CSVs are parsed once, on first use,
    // even when many grains ask at the same moment.
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> AreaCodes =
        new(() => Load(NanpResourceName));
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> CallingCodes =
        new(() => Load(CountryResourceName));

    public static IReadOnlyList<string> ZonesFor(string e164)
    {
        // Only the international form is meaningful: without the '+' we cannot tell a
        // country code from the start of a national number.
        if (e164?.Trim() is not ['+', .. var rest])
            return [];

        // Tolerate the usual formatting characters; anything else means it is not a phone number.
        if (rest.Any(c => !char.IsAsciiDigit(c) && !" -().".Contains(c)))
            return [];
        var digits = string.Concat(rest.Where(char.IsAsciiDigit));
        if (digits.Length == 0)
            return [];

        // NANP (+1) shares one country code across the US, Canada and the Caribbean, so the
        // 3-digit area code is what carries the location.
        if (digits[0] == '1')
            return digits.Length >= 4 && AreaCodes.Value.TryGetValue(digits[1..4], out var nanp) ? nanp : [];

        // ITU codes are prefix-free, but the table also splits shared codes by their next digit
        // (+7: Russia, +76/+77: Kazakhstan), so the longest match must win.
        for (var length = Math.Min(3, digits.Length); length >= 1; length--)
        {
            if (CallingCodes.Value.TryGetValue(digits[..length], out var zones))
                return zones;
        }
        return [];
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Load(string resourceName)
    {
        using var stream = typeof(PhoneTimeZones).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);

        var table = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        reader.ReadLine(); // header: code,zones
        while (reader.ReadLine() is { } line)
        {
            var comma = line.IndexOf(',');
            if (comma <= 0)
                continue;

            // A zone this machine's tzdata does not know would throw later at conversion time;
            // dropping it here keeps the lookup usable (the data-quality test guards the data).
            var zones = line[(comma + 1)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(IsResolvable)
                .ToArray();
            // Read-only wrapper: the same list is handed to every caller, so nobody may mutate it.
            if (zones.Length > 0)
                table[line[..comma].Trim()] = new ReadOnlyCollection<string>(zones);
        }
        return table;
    }

    private static bool IsResolvable(string zoneId)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
