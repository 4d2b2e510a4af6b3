using Inbox.Silo.Channels;

namespace Inbox.Silo.Compliance;

/// <summary>
/// The recipient's time zone(s): the contact's own if known; else what the phone number says (the
/// country, or the area code for +1, possibly several zones); else the brand's default.
/// </summary>
public static class RecipientZones
{
    public static IReadOnlyList<TimeZoneInfo> Resolve(string? contactTimeZone, Channel channel, string address, string brandDefault)
    {
        if (contactTimeZone is not null && TryFind(contactTimeZone) is { } own) return [own];
        if (channel is Channel.Sms or Channel.WhatsApp)
        {
            var zones = PhoneTimeZones.ZonesFor(address).Select(TryFind).OfType<TimeZoneInfo>().ToArray();
            if (zones.Length > 0) return zones;
        }
        return [TryFind(brandDefault) ?? TimeZoneInfo.Utc];
    }

    private static TimeZoneInfo? TryFind(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
