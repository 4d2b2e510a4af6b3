namespace Inbox.Silo.Compliance;

/// <summary>
/// When messages that start contact may go out, in the recipient's local time: by default 08:00 to
/// 21:00 every day; a brand may set other hours per weekday (a day without hours allows nothing).
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.QuietHoursPolicy")]
public sealed record QuietHoursPolicy
{
    public TimeOnly From { get; init; } = new(8, 0);

    public TimeOnly Until { get; init; } = new(21, 0);

    /// <summary>Per-weekday hours that replace From/Until for that day; null for a day means no sending that day.</summary>
    public IReadOnlyDictionary<DayOfWeek, DailyHours?>? Days { get; init; }

    public (TimeOnly From, TimeOnly Until)? HoursOn(DayOfWeek day) =>
        Days is not null && Days.TryGetValue(day, out var hours) ? hours is null ? null : (hours.From, hours.Until) : (From, Until);
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.DailyHours")]
public sealed record DailyHours(TimeOnly From, TimeOnly Until);

public static class QuietHours
{
    /// <summary>Whether <paramref name="now"/> is inside the allowed hours in every one of the zones.</summary>
    public static bool AllowedInAll(QuietHoursPolicy policy, IReadOnlyList<TimeZoneInfo> zones, DateTimeOffset now) =>
        zones.All(zone => Allowed(policy, TimeZoneInfo.ConvertTime(now, zone)));

    /// <summary>
    /// The first moment from <paramref name="now"/> at which the hours are open in every zone (a
    /// number that maps to several zones must be allowed in all of them); null if none within a week.
    /// </summary>
    public static DateTimeOffset? NextOpening(QuietHoursPolicy policy, IReadOnlyList<TimeZoneInfo> zones, DateTimeOffset now)
    {
        if (AllowedInAll(policy, zones, now)) return now;
        // Every zone opens on a whole minute of its own clock; the joint opening is one of those moments.
        var candidates = zones.SelectMany(zone => Openings(policy, zone, now)).Where(t => t > now).Order();
        foreach (var candidate in candidates)
            if (AllowedInAll(policy, zones, candidate)) return candidate;
        return null;
    }

    private static bool Allowed(QuietHoursPolicy policy, DateTimeOffset local)
    {
        var hours = policy.HoursOn(local.DayOfWeek);
        if (hours is not { } h) return false;
        var time = TimeOnly.FromDateTime(local.DateTime);
        return time >= h.From && time < h.Until;
    }

    private static IEnumerable<DateTimeOffset> Openings(QuietHoursPolicy policy, TimeZoneInfo zone, DateTimeOffset now)
    {
        var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var d = 0; d <= 7; d++)
        {
            var day = localToday.AddDays(d);
            if (policy.HoursOn(day.DayOfWeek) is not { } hours) continue;
            var local = day.ToDateTime(hours.From);
            if (zone.IsInvalidTime(local)) local = local.AddHours(1); // the opening fell in a spring-forward gap
            yield return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
    }
}
