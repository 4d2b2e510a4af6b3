using Inbox.Actors;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;
using Microsoft.Extensions.Logging;

namespace Inbox.Silo.Inbound;

/// <summary>
/// Traffic for addresses no brand registered. It is acknowledged (a refusal makes providers
/// redeliver for days), kept for the owner to see, logged, and never attached to a brand.
/// </summary>
public sealed class UnroutedInbox(StateStore store, Rows rows, TimeProvider time, ILogger<UnroutedInbox> logger)
{
    public async Task RecordAsync(InboundEvent inbound)
    {
        logger.LogWarning("Unrouted {Kind} on {Channel} for {Number} from {Sender}: no brand has registered this address",
            inbound.Kind, inbound.Channel, inbound.NumberAddress, inbound.SenderAddress);
        await store.CommitAsync([new SqlWrite(
            """
            INSERT INTO unrouted (id, channel, number_address, sender, kind, dedupe_key, body, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT DO NOTHING
            """,
            Ids.New("unr"), inbound.Channel.Wire(), inbound.NumberAddress, inbound.SenderAddress, inbound.Kind.ToString().ToLowerInvariant(),
            inbound.DedupeKey, SqlValue.Of(inbound.Text), time.GetUtcNow().ToUnixTimeMilliseconds())]);
    }

    public Task<List<UnroutedView>> ListAsync(int limit, DateTimeOffset? before) => rows.QueryAsync(
        "SELECT id, channel, number_address, sender, kind, body, received_at FROM unrouted WHERE received_at < $1 ORDER BY received_at DESC, id LIMIT $2",
        [(before ?? DateTimeOffset.MaxValue).ToUnixTimeMilliseconds(), (long)limit],
        r => new UnroutedView(r.GetString(0), ChannelNames.ParseChannel(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.Text(5), r.TimeOrEpoch(6)));
}

public sealed record UnroutedView(string Id, Channel Channel, string NumberAddress, string Sender, string Kind, string? Text, DateTimeOffset ReceivedAt);
