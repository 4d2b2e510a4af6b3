using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Compliance;

/// <summary>
/// Delivery and consent figures of one number (or, summed, one channel) over a period. Rates are
/// null where there is nothing to divide by. SMS and WhatsApp are never summed together.
/// </summary>
public sealed record DeliveryFigures(
    string Scope, Channel Channel, int Sent, int Delivered, int Read, int Failed, IReadOnlyDictionary<string, int> FailedByReason,
    double? DeliveryRate, TimeSpan? MedianTimeToDelivery, int Recipients, int OptIns, int OptOuts, double? OptInRate, double? OptOutRate,
    int HeldByQuietHours, int RefusedByWindow, int RefusedByConsent);

public sealed record BrandFigures(string BrandId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DeliveryFigures> Numbers, IReadOnlyList<DeliveryFigures> Channels);

/// <summary>Computes <see cref="BrandFigures"/> from the messages, consent events and send decisions of the period.</summary>
public sealed class Figures(Rows rows)
{
    public async Task<BrandFigures> ForBrandAsync(Caller caller, string brandId, DateTimeOffset from, DateTimeOffset to)
    {
        Visibility.EnsureCanSeeBrand(caller, brandId);
        if (to <= from) throw Refuse.Invalid("bad_period", "The period's end must come after its start.", "to");
        object[] period = [brandId, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()];
        var numbers = await rows.QueryAsync("SELECT number_key, channel FROM numbers WHERE brand_id = $1 ORDER BY channel, number_key",
            [brandId], r => (Key: r.GetString(0), Channel: ChannelNames.ParseChannel(r.GetString(1))));
        var messages = await rows.QueryAsync(
            """
            SELECT m.number_key, m.status, m.error_code, m.provider_message_id IS NOT NULL, m.created_at, m.delivered_at, c.contact_address
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.brand_id = $1 AND m.direction = 'outbound' AND m.is_private = 0 AND m.created_at >= $2 AND m.created_at < $3
            """,
            period, r => new Sent(r.GetString(0), r.GetString(1), r.Text(2), r.GetBoolean(3), r.GetInt64(4), r.Long(5), r.GetString(6)));
        var consent = await rows.QueryAsync(
            "SELECT number_key, channel, change FROM consent_events WHERE brand_id = $1 AND at >= $2 AND at < $3",
            period, r => (Number: r.GetString(0), Channel: ChannelNames.ParseChannel(r.GetString(1)), Change: r.GetString(2)));
        var decisions = await rows.QueryAsync(
            "SELECT number_key, kind, code FROM send_events WHERE brand_id = $1 AND at >= $2 AND at < $3",
            period, r => (Number: r.GetString(0), Kind: r.GetString(1), Code: r.Text(2)));

        var perNumber = numbers.Select(n => Compute(n.Key, n.Channel,
            messages.Where(m => m.Number == n.Key).ToList(), consent.Where(c => c.Number == n.Key).Select(c => c.Change).ToList(),
            decisions.Where(d => d.Number == n.Key).Select(d => (d.Kind, d.Code)).ToList())).ToArray();
        var perChannel = numbers.Select(n => n.Channel).Distinct().Select(channel =>
        {
            var keys = numbers.Where(n => n.Channel == channel).Select(n => n.Key).ToHashSet();
            return Compute(channel.Wire(), channel, messages.Where(m => keys.Contains(m.Number)).ToList(),
                consent.Where(c => c.Channel == channel).Select(c => c.Change).ToList(),
                decisions.Where(d => keys.Contains(d.Number)).Select(d => (d.Kind, d.Code)).ToList());
        }).ToArray();
        return new BrandFigures(brandId, from, to, perNumber, perChannel);
    }

    private static DeliveryFigures Compute(string scope, Channel channel, List<Sent> sent, List<string> consent, List<(string Kind, string? Code)> decisions)
    {
        var left = sent.Where(m => m.Left).ToList();
        var delivered = left.Count(m => m.Status is "delivered" or "read");
        var durations = sent.Where(m => m.DeliveredAt is not null).Select(m => m.DeliveredAt!.Value - m.CreatedAt).Order().ToList();
        var recipients = left.Select(m => m.To).Distinct().Count();
        var optIns = consent.Count(c => c.StartsWith("opt_in", StringComparison.Ordinal));
        var optOuts = consent.Count(c => c == "opt_out");
        return new DeliveryFigures(scope, channel, left.Count, delivered, left.Count(m => m.Status == "read"), sent.Count(m => m.Status == "failed"),
            sent.Where(m => m.Status == "failed").GroupBy(m => m.ErrorCode ?? "unknown").ToDictionary(g => g.Key, g => g.Count()),
            left.Count == 0 ? null : (double)delivered / left.Count,
            durations.Count == 0 ? null : TimeSpan.FromMilliseconds(Median(durations)),
            recipients, optIns, optOuts, recipients == 0 ? null : (double)optIns / recipients, recipients == 0 ? null : (double)optOuts / recipients,
            decisions.Count(d => d.Kind == "held"), decisions.Count(d => d.Kind == "refused" && d.Code == "window_closed"),
            decisions.Count(d => d.Kind == "refused" && d.Code is "opted_out" or "no_consent"));
    }

    private static double Median(List<long> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;

    private sealed record Sent(string Number, string Status, string? ErrorCode, bool Left, long CreatedAt, long? DeliveredAt, string To);
}
