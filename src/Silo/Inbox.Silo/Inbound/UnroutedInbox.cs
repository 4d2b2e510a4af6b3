using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;
using Microsoft.Extensions.Logging;

namespace Inbox.Silo.Inbound;

/// <summary>
/// Traffic that reaches no conversation: for addresses no brand registered, or events that cannot be
/// taken as they are. It is acknowledged (a refusal makes providers redeliver for days), kept with the
/// reason for the owner to see, logged, and never attached to a brand.
/// </summary>
public sealed partial class UnroutedInbox(StateStore store, Rows rows, AppClock time, ILogger<UnroutedInbox> logger)
{
    public async Task RecordAsync(InboundEvent inbound, string code, string reason)
    {
        LogUnrouted(logger, inbound.Kind, inbound.Channel, inbound.NumberAddress, inbound.SenderAddress, code, reason);
        await store.CommitAsync([new SqlWrite(
            """
            INSERT INTO unrouted (id, channel, number_address, sender, kind, dedupe_key, body, received_at, code, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT DO NOTHING
            """,
            Ids.New("unr"), inbound.Channel.Wire(), inbound.NumberAddress ?? "", inbound.SenderAddress ?? "", inbound.Kind.ToString().ToLowerInvariant(),
            DedupeKey(inbound), SqlValue.Of(inbound.Text), time.GetUtcNow().ToUnixTimeMilliseconds(), code, reason)]);
    }

    public Task<List<UnroutedView>> ListAsync(int limit, DateTimeOffset? before) => rows.QueryAsync(
        "SELECT id, channel, number_address, sender, kind, body, received_at, code, reason FROM unrouted WHERE received_at < $1 ORDER BY received_at DESC, id LIMIT $2",
        [(before ?? DateTimeOffset.MaxValue).ToUnixTimeMilliseconds(), (long)limit],
        r => new UnroutedView(r.GetString(0), ChannelNames.ParseChannel(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.Text(5),
            r.TimeOrEpoch(6), r.Text(7), r.Text(8)));

    // An event without the provider's key still gets a stable one, from its content, so a redelivered batch keeps it once.
    private static string DedupeKey(InboundEvent inbound) => string.IsNullOrWhiteSpace(inbound.DedupeKey)
        ? "content:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(inbound))))[..32]
        : inbound.DedupeKey;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unrouted {Kind} on {Channel} for {Number} from {Sender}: {Code}, {Reason}")]
    private static partial void LogUnrouted(ILogger logger, InboundKind kind, Channel channel, string? number, string? sender, string code, string reason);
}

/// <summary>An event kept in unrouted; <see cref="Code"/> and <see cref="Reason"/> say why (null on rows kept before reasons were).</summary>
public sealed record UnroutedView(
    string Id, Channel Channel, string NumberAddress, string Sender, string Kind, string? Text, DateTimeOffset ReceivedAt, string? Code, string? Reason);
