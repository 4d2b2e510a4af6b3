using System.Text.Json;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Compliance;

/// <summary>
/// One change: <see cref="NumberKey"/> is where it came from ("*": no number given), <see cref="Numbers"/> all it applied to.
/// <see cref="At"/> is when it was made (the provider's time for a keyword or a channel's event), which orders it;
/// <see cref="ReceivedAt"/> when it reached us.
/// </summary>
public sealed record ConsentEventView(
    string NumberKey, string Change, string Method, string? Actor, string? MessageId, string? Reason, DateTimeOffset At, IReadOnlyList<string>? Numbers = null,
    DateTimeOffset? ReceivedAt = null);

/// <summary>
/// The audit trail of one person's consent with one brand on one channel, newest first in the order consent follows
/// (<see cref="ConsentMark"/>), so the first change naming a number is the one that decided its opt-out.
/// </summary>
public sealed class ConsentHistory(Rows rows)
{
    public async Task<List<ConsentEventView>> ForAsync(Caller caller, string brandId, Channel channel, string address)
    {
        Visibility.EnsureCanSeeBrand(caller, brandId);
        var changes = await rows.QueryAsync(
            """
            SELECT number_key, change, method, actor, message_id, reason, at, numbers, received_at, id FROM consent_events
            WHERE brand_id = $1 AND channel = $2 AND address = $3
            """,
            [brandId, channel.Wire(), address],
            r => (Id: r.GetString(9), View: new ConsentEventView(r.GetString(0), r.GetString(1), r.GetString(2), r.Text(3), r.Text(4), r.Text(5), r.TimeOrEpoch(6),
                Numbers(r.Text(7), r.GetString(0)), r.Time(8))));
        return changes
            .OrderByDescending(c => c.View.At)
            .ThenByDescending(c => ConsentActions.TryParse(c.View.Change, out var action) ? ConsentMark.Restriction(action) : 0)
            .ThenByDescending(c => c.View.ReceivedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => c.View)
            .ToList();
    }

    /// <summary>The numbers a change applied to, as <c>consent_events.numbers</c> stores them.</summary>
    public static string Numbers(IReadOnlyList<string> numbers) => JsonSerializer.Serialize(numbers);

    /// <summary>The numbers a change applied to; an event without the list (none should be left) covers the number it came through.</summary>
    public static IReadOnlyList<string> Numbers(string? stored, string origin) =>
        stored is null ? (origin == "*" ? [] : [origin]) : JsonSerializer.Deserialize<string[]>(stored) ?? [];
}
