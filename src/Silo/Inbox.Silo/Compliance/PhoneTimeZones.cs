using System.Collections.Frozen;
using PhoneNumbers;

namespace Inbox.Silo.Compliance;

/// <summary>
/// Maps an E.164 phone number to the IANA time zone(s) its holder may be in, so quiet hours
/// can be checked in the recipient's local time. A number can map to several zones because an
/// area code or a country can span zones; callers should treat every returned zone as possible.
/// An empty list means "unknown" — the caller decides how cautious to be. The data is
/// libphonenumber's (by country, and for +1 by area code and exchange).
/// </summary>
public static class PhoneTimeZones
{
    // libphonenumber names zones as CLDR does, which keeps some ids IANA has since renamed; we show
    // the current ones, as a contact's own time zone is written.
    private static readonly FrozenDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Africa/Asmera"] = "Africa/Asmara",
        ["America/Buenos_Aires"] = "America/Argentina/Buenos_Aires",
        ["America/Godthab"] = "America/Nuuk",
        ["Asia/Calcutta"] = "Asia/Kolkata",
        ["Asia/Katmandu"] = "Asia/Kathmandu",
        ["Asia/Rangoon"] = "Asia/Yangon",
        ["Atlantic/Faeroe"] = "Atlantic/Faroe",
        ["Pacific/Enderbury"] = "Pacific/Kanton",
        ["Pacific/Ponape"] = "Pacific/Pohnpei",
        ["Pacific/Truk"] = "Pacific/Chuuk",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static PhoneNumberUtil Util => PhoneNumberUtil.GetInstance();

    private static PhoneNumberToTimeZonesMapper Mapper => PhoneNumberToTimeZonesMapper.GetInstance();

    public static IReadOnlyList<string> ZonesFor(string e164)
    {
        // Only the international form is meaningful: without the '+' we cannot tell a
        // country code from the start of a national number.
        if (e164?.Trim() is not ['+', .. var rest])
            return [];

        // Tolerate the usual formatting characters; anything else means it is not a phone number
        // (libphonenumber would read letters as a vanity number).
        if (rest.Any(c => !char.IsAsciiDigit(c) && !" -().".Contains(c)))
            return [];
        PhoneNumber number;
        try
        {
            number = Util.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return [];
        }
        if (!Util.IsPossibleNumber(number) || Placeless(Util.GetNumberType(number)))
            return [];

        var zones = IsNanpPlaceholder(number) ? AreaCodeZones(number) : Mapper.GetTimeZonesForNumber(number);
        return Ordered(zones.Where(z => z != Mapper.GetUnknownTimeZone()).Select(z => Renamed.GetValueOrDefault(z, z)));
    }

    // A toll-free, premium or shared-cost number says nothing about where its holder is: libphonenumber
    // answers with every zone of the country code, which would only ever close the hours.
    private static bool Placeless(PhoneNumberType type) => type is PhoneNumberType.TOLL_FREE or PhoneNumberType.PREMIUM_RATE
        or PhoneNumberType.SHARED_COST or PhoneNumberType.UAN or PhoneNumberType.VOICEMAIL or PhoneNumberType.PERSONAL_NUMBER;

    // NANP's 555 exchange belongs to no place (directory assistance and the 555-01xx numbers kept for
    // fiction and examples), so libphonenumber's answer for it is only its default for the area code.
    private static bool IsNanpPlaceholder(PhoneNumber number) =>
        number.CountryCode == 1 && number.NationalNumber / 10_000 % 1_000 == 555;

    /// <summary>Every zone the area code's exchanges fall in, one per clock, named as most of its exchanges name it.</summary>
    private static IEnumerable<string> AreaCodeZones(PhoneNumber number)
    {
        var areaCode = number.NationalNumber / 10_000_000;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (ulong exchange = 200; exchange <= 999; exchange++)
        {
            var sample = new PhoneNumber.Builder().SetCountryCode(1).SetNationalNumber((areaCode * 1_000 + exchange) * 10_000).Build();
            foreach (var zone in Mapper.GetTimeZonesForGeographicalNumber(sample))
                counts[zone] = counts.GetValueOrDefault(zone) + 1;
        }
        // America/Boise and America/Denver keep the same clock; naming both would add nothing to a quiet-hours check.
        return counts
            .Select(c => (Zone: c.Key, Count: c.Value, Info: Find(Renamed.GetValueOrDefault(c.Key, c.Key))))
            .Where(c => c.Info is not null)
            .GroupBy(c => (c.Info!.BaseUtcOffset, c.Info.SupportsDaylightSavingTime))
            .Select(g => g.OrderByDescending(c => c.Count).ThenBy(c => c.Zone, StringComparer.Ordinal).First().Zone);
    }

    // East to west (by standard offset), so a list reads in the order the day reaches the zones;
    // a zone this machine's tzdata does not know is dropped, as it could not be checked.
    private static string[] Ordered(IEnumerable<string> zones) => zones
        .Distinct()
        .Select(z => (Zone: z, Info: Find(z)))
        .Where(z => z.Info is not null)
        .OrderByDescending(z => z.Info!.BaseUtcOffset)
        .ThenBy(z => z.Zone, StringComparer.Ordinal)
        .Select(z => z.Zone)
        .ToArray();

    private static TimeZoneInfo? Find(string zoneId)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
