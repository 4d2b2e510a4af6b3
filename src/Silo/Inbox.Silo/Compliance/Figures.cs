using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Compliance;

/// <summary>
/// Delivery and consent figures of one number (or one channel: all the brand's numbers on it) over a
/// period, as docs/compliance.md defines them. Rates are null where there is nothing to divide by.
/// SMS and WhatsApp are never summed together.
/// </summary>
public sealed record DeliveryFigures(
    string Scope, Channel Channel, int Sent, int Delivered, int Read, int Failed, IReadOnlyDictionary<string, int> FailedByReason,
    double? DeliveryRate, TimeSpan? MedianTimeToDelivery, int Recipients, int People, int OptIns, int OptOuts, double? OptInRate, double? OptOutRate,
    int HeldByQuietHours, int RefusedByWindow, int RefusedByConsent);

public sealed record BrandFigures(string BrandId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DeliveryFigures> Numbers, IReadOnlyList<DeliveryFigures> Channels);

/// <summary>Reads what happened in a period (messages, consent changes, send decisions) and hands it to <see cref="FigureDefinitions"/>.</summary>
public sealed class Figures(Rows rows)
{
    public async Task<BrandFigures> ForBrandAsync(Caller caller, string brandId, DateTimeOffset from, DateTimeOffset to)
    {
        Visibility.EnsureCanSeeBrand(caller, brandId);
        if (to <= from) throw Refuse.Invalid("bad_period", "The period's end must come after its start.", "to");
        object[] period = [brandId, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()];
        var numbers = await rows.QueryAsync("SELECT number_key, channel FROM numbers WHERE brand_id = $1 ORDER BY channel, number_key",
            [brandId], r => (Key: r.GetString(0), Channel: ChannelNames.ParseChannel(r.GetString(1))));
        // A message is refused at or after it is queued, so the refusals of the period's messages all come after its start.
        var refused = (await rows.QueryAsync(
            "SELECT message_id FROM send_events WHERE brand_id = $1 AND kind = 'refused' AND message_id IS NOT NULL AND at >= $2",
            [brandId, from.ToUnixTimeMilliseconds()], r => r.GetString(0))).ToHashSet();
        var outbound = await rows.QueryAsync(
            """
            SELECT m.id, m.number_key, c.contact_address, m.status, m.error_code, m.provider_message_id IS NOT NULL, m.created_at, m.delivered_at
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.brand_id = $1 AND m.direction = 'outbound' AND m.is_private = 0 AND m.created_at >= $2 AND m.created_at < $3
            """,
            period, r => new OutboundFact(r.GetString(1), r.GetString(2), r.GetString(3), r.Text(4), r.GetBoolean(5), refused.Contains(r.GetString(0)),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), r.Long(7) is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null));
        var contacts = await rows.QueryAsync(
            """
            SELECT DISTINCT m.number_key, c.contact_address FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.brand_id = $1 AND m.is_private = 0 AND m.created_at >= $2 AND m.created_at < $3
            """,
            period, r => new ContactFact(r.GetString(0), r.GetString(1)));
        var consent = await rows.QueryAsync(
            "SELECT number_key, address, change, numbers FROM consent_events WHERE brand_id = $1 AND at >= $2 AND at < $3",
            period, r => new ConsentFact(r.GetString(1), r.GetString(2), ConsentHistory.Numbers(r.Text(3), r.GetString(0))));
        var decisions = await rows.QueryAsync(
            "SELECT number_key, message_id, kind, code FROM send_events WHERE brand_id = $1 AND at >= $2 AND at < $3",
            period, r => new DecisionFact(r.GetString(0), r.Text(1), r.GetString(2), r.Text(3)));

        var facts = new FigureFacts(outbound, contacts, consent, decisions);
        var perNumber = numbers.Select(n => FigureDefinitions.Compute(n.Key, n.Channel, new HashSet<string> { n.Key }, facts)).ToArray();
        var perChannel = numbers.GroupBy(n => n.Channel).Select(channel =>
            FigureDefinitions.Compute(channel.Key.Wire(), channel.Key, channel.Select(n => n.Key).ToHashSet(), facts)).ToArray();
        return new BrandFigures(brandId, from, to, perNumber, perChannel);
    }
}
