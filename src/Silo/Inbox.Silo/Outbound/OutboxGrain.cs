using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Storage;
using Microsoft.Extensions.Logging;

namespace Inbox.Silo.Outbound;

/// <summary>
/// Drains one number's outbox: due rows in queue order, paced by a token bucket, each result
/// recorded with its outbox row in one unit of work. Anything not sent now (backoff, a rate-limit
/// pause) has a durable job to wake it, so a restart loses nothing.
/// </summary>
[GrainType("Outbox"), Reentrant]
public sealed partial class OutboxGrain(
    Rows rows, StateStore store, SenderDirectory senders, DurableJobs jobs, StatusApplier statuses,
    AppClock time, ILogger<OutboxGrain> logger) : Grain, IOutboxGrain, IDurableJobHandler
{
    public const string DrainJob = "drain";
    private const int BatchSize = 50;

    private Task _draining = Task.CompletedTask;
    // Recipients over their own rate (WhatsApp 131056), by conversation, until when: their messages wait, in order, while the rest go.
    private readonly Dictionary<string, DateTimeOffset> _recipientHolds = [];
    private bool _again;
    private TokenBucket? _bucket;
    private DateTimeOffset _pausedUntil;
    private bool _stopping;

    public static GrainId IdFor(string numberKey) => GrainId.Create("Outbox", numberKey);

    /// <summary>Pokes a number's outbox without waiting (a lost poke is covered by the durable drain job).</summary>
    public static void Poke(IGrainFactory grains, string numberKey) => _ = grains.GetGrain<IOutboxGrain>(numberKey).Wake();

    public Task Wake()
    {
        _again = true;
        if (_draining.IsCompleted) _draining = DrainAsync();
        return Task.CompletedTask;
    }

    public Task Idle() => _draining;

    /// <summary>A send under way finishes and is recorded before the activation goes; the rest wait for the next one.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping = true;
        try
        {
            await _draining.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The outbox of {Number} was still sending when it had to stop; its durable job resumes it", this.GetPrimaryKeyString());
        }
    }

    public async Task ExecuteJobAsync(DurableJob job, CancellationToken cancellationToken)
    {
        await Wake();
        await _draining;
    }

    private async Task DrainAsync()
    {
        while (_again && !_stopping)
        {
            _again = false;
            while (!_stopping && await DrainBatchAsync()) { }
        }
    }

    /// <summary>One batch of due messages; true when there may be more due now.</summary>
    private async Task<bool> DrainBatchAsync()
    {
        var number = await GrainFactory.GetGrain<INumberGrain>(this.GetPrimaryKeyString()).Get();
        if (number is null) return false;
        var now = time.GetUtcNow();
        if (_pausedUntil > now)
        {
            await RearmAsync(number.Key);
            return false;
        }
        var due = await LoadDueAsync(number.Key, now);
        if (due.Count == 0)
        {
            await RearmAsync(number.Key);
            return false;
        }
        _bucket ??= new TokenBucket(number.RatePerSecond, number.Burst, now);
        foreach (var item in due)
        {
            if (_stopping) return false;
            if (await RecipientHeldAsync(number.Key, item, now)) continue;
            var wait = _bucket.Take(time.GetUtcNow());
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time.Time);
            // Checked again as it leaves: a STOP, a closed window or quiet hours since it was queued win.
            if (!await ClearedAsync(number, item)) continue;
            var result = await SendAsync(number, item);
            await RecordAsync(number.Key, item, result);
            if (result is SendResult.RecipientRateLimited recipient) _recipientHolds[item.ConversationId] = time.GetUtcNow() + recipient.RetryAfter;
            if (result is SendResult.RateLimited limited)
            {
                _pausedUntil = time.GetUtcNow() + limited.RetryAfter;
                await RearmAsync(number.Key);
                return false;
            }
        }
        if (due.Count == BatchSize) return true;
        // Messages still waiting (held, backing off) need the durable job to wake this outbox for them.
        await RearmAsync(number.Key);
        return false;
    }

    /// <summary>
    /// True when the item's recipient waits out its own rate limit: the item (queued, perhaps, after the limit was
    /// hit) is held to the same time, so it neither jumps ahead of the held message nor comes back in every batch.
    /// </summary>
    private async Task<bool> RecipientHeldAsync(string numberKey, OutboxItem item, DateTimeOffset now)
    {
        if (!_recipientHolds.TryGetValue(item.ConversationId, out var until)) return false;
        if (until <= now)
        {
            _recipientHolds.Remove(item.ConversationId);
            return false;
        }
        await store.CommitAsync([Outbox.HoldRecipient(numberKey, item.ConversationId, until)]);
        return true;
    }

    /// <summary>
    /// Sets the drain job to exactly the next wake-up: the earliest remaining row, not before a pause ends.
    /// A message queued meanwhile scheduled its own wake-up, which the re-arm may have moved later; so look
    /// again after it, and bring the job forward for anything sooner (a schedule only ever brings it forward).
    /// </summary>
    private async Task RearmAsync(string numberKey)
    {
        var next = await NextWakeUpAsync(numberKey);
        await store.CommitAsync([next is { } at ? jobs.Rearm(this.GetGrainId(), DrainJob, at) : jobs.Cancel(this.GetGrainId(), DrainJob)]);
        if (await NextWakeUpAsync(numberKey) is { } again && (next is null || again < next))
            await store.CommitAsync([jobs.Schedule(this.GetGrainId(), DrainJob, again)]);
    }

    private async Task<DateTimeOffset?> NextWakeUpAsync(string numberKey)
    {
        var earliest = (await rows.QueryAsync("SELECT MIN(next_attempt_at) FROM outbox WHERE number_key = $1", [numberKey], r => r.Long(0))).FirstOrDefault();
        return Outbox.WakeUp(earliest is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, _pausedUntil);
    }

    private Task<List<OutboxItem>> LoadDueAsync(string numberKey, DateTimeOffset now) => rows.QueryAsync(
        $"""
        SELECT o.message_id, o.conversation_id, o.attempts, o.first_queued_at, m.body, m.media, c.contact_address, c.brand_id,
               o.policy, c.contact_id, c.last_inbound_at, m.reply_to_provider_id
        FROM outbox o JOIN messages m ON m.id = o.message_id JOIN conversations c ON c.id = o.conversation_id
        WHERE o.number_key = $1 AND o.next_attempt_at <= $2
        ORDER BY o.first_queued_at, o.conversation_id, o.seq LIMIT {BatchSize}
        """,
        [numberKey, now.ToUnixTimeMilliseconds()],
        r => new OutboxItem(r.GetString(0), r.GetString(1), (int)r.GetInt64(2), r.TimeOrEpoch(3), r.Text(4),
            r.Text(5) is { } media ? System.Text.Json.JsonSerializer.Deserialize<List<MediaRef>>(media, MessageRows.Json) ?? [] : [],
            r.GetString(6), r.GetString(7),
            r.Text(8) is { } policy ? System.Text.Json.JsonSerializer.Deserialize<OutboxPolicy>(policy, MessageRows.Json) ?? new() : new(),
            r.GetString(9), r.Time(10), r.Text(11)));

    private sealed record OutboxItem(
        string MessageId, string ConversationId, int Attempts, DateTimeOffset FirstQueuedAt, string? Text, IReadOnlyList<MediaRef> Media,
        string To, string BrandId, OutboxPolicy Policy, string ContactId, DateTimeOffset? LastInboundAt, string? ReplyToProviderMessageId);
}
