using Inbox.Silo.Conversations;

namespace Inbox.Silo.Outbound;

/// <summary>The outbox rows: written with the queued message, removed with its final send result.</summary>
public static class Outbox
{
    public const int MaxAttempts = 8;

    public static SqlWrite Enqueue(MessageView message, string numberKey, Compliance.OutboxPolicy policy, DateTimeOffset? heldUntil = null) => new(
        "INSERT INTO outbox (message_id, number_key, conversation_id, seq, attempts, next_attempt_at, first_queued_at, policy) VALUES ($1, $2, $3, $4, 0, $5, $6, $7)",
        message.Id, numberKey, message.ConversationId, message.Sequence, (heldUntil ?? message.SentAt).ToUnixTimeMilliseconds(),
        message.SentAt.ToUnixTimeMilliseconds(), System.Text.Json.JsonSerializer.Serialize(policy, MessageRows.Json));

    /// <summary>A held message waits until then, without counting an attempt.</summary>
    public static SqlWrite Hold(string messageId, DateTimeOffset until) => new(
        "UPDATE outbox SET next_attempt_at = $2 WHERE message_id = $1", messageId, until.ToUnixTimeMilliseconds());

    public static SqlWrite Remove(string messageId) => new("DELETE FROM outbox WHERE message_id = $1", messageId);

    public static SqlWrite Retry(string messageId, DateTimeOffset at) => new(
        "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1 WHERE message_id = $1", messageId, at.ToUnixTimeMilliseconds());

    public static SqlWrite MarkSent(string messageId, string providerMessageId) => new(
        $"UPDATE messages SET status = 'sent', status_rank = {DeliveryStatus.Sent.Rank()}, provider_message_id = $2 WHERE id = $1 AND status_rank < {DeliveryStatus.Sent.Rank()}",
        messageId, providerMessageId);

    public static SqlWrite MarkFailed(string messageId, string code, string reason) => new(
        $"UPDATE messages SET status = 'failed', status_rank = {DeliveryStatus.Failed.Rank()}, error_code = $2, error_reason = $3 WHERE id = $1 AND status_rank < {DeliveryStatus.Failed.Rank()}",
        messageId, code, reason);

    /// <summary>
    /// When a number's outbox must wake next: its earliest remaining row (a retry, a hold's end, a message
    /// due now), but not before a rate-limit pause ends; null when nothing waits.
    /// </summary>
    public static DateTimeOffset? WakeUp(DateTimeOffset? earliestRow, DateTimeOffset pausedUntil) =>
        earliestRow is { } at ? at < pausedUntil ? pausedUntil : at : null;

    /// <summary>Backoff for transient failures: 2, 4, 8 … seconds, at most 15 minutes.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Clamp(attempt, 1, 20)), 900));

    /// <summary>The error code and readable reason a final result leaves on the message; null when the result is not final.</summary>
    public static (string Code, string Reason)? Failure(SendResult result) => result switch
    {
        SendResult.WindowClosed r => ("window_closed", $"The channel's reply window is closed: {r.Reason}"),
        SendResult.RecipientBlocked r => ("recipient_blocked", $"The recipient blocked this sender: {r.Reason}"),
        SendResult.OptedOut r => ("opted_out", $"The recipient opted out: {r.Reason}"),
        SendResult.Undeliverable r => ("undeliverable", r.ProviderCode is null ? r.Reason : $"{r.Reason} (provider code {r.ProviderCode})"),
        SendResult.Invalid r => ("invalid", $"The provider refused the message: {r.Reason}"),
        SendResult.AuthFailed r => ("auth_failed", $"The provider refused our credentials: {r.Reason}"),
        SendResult.NoSender r => ("no_sender", $"Nothing can send for this number: {r.Reason}"),
        _ => null,
    };
}
