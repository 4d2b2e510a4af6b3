using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Compliance;

public sealed record ConsentEventView(string NumberKey, string Change, string Method, string? Actor, string? MessageId, string? Reason, DateTimeOffset At);

/// <summary>The audit trail of one person's consent with one brand on one channel, newest first.</summary>
public sealed class ConsentHistory(Rows rows)
{
    public Task<List<ConsentEventView>> ForAsync(Caller caller, string brandId, Channel channel, string address)
    {
        Visibility.EnsureCanSeeBrand(caller, brandId);
        return rows.QueryAsync(
            "SELECT number_key, change, method, actor, message_id, reason, at FROM consent_events WHERE brand_id = $1 AND channel = $2 AND address = $3 ORDER BY at DESC, id",
            [brandId, channel.Wire(), address],
            r => new ConsentEventView(r.GetString(0), r.GetString(1), r.GetString(2), r.Text(3), r.Text(4), r.Text(5), r.TimeOrEpoch(6)));
    }
}
