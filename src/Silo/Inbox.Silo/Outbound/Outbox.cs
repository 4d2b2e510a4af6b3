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

    /// <summary>A recipient over its own rate (WhatsApp 131056): every row of that conversation on the number waits, without counting an attempt.</summary>
    public static SqlWrite HoldRecipient(string numberKey, string conversationId, DateTimeOffset until) => new(
        "UPDATE outbox SET next_attempt_at = $3 WHERE number_key = $1 AND conversation_id = $2 AND next_attempt_at < $3",
        numberKey, conversationId, until.ToUnixTimeMilliseconds());

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
        SendResult.WindowClosed r => ("window_closed", WithCode($"The channel's reply window is closed: {r.Reason}", r.ProviderCode)),
        SendResult.RecipientBlocked r => ("recipient_blocked", WithCode($"The recipient blocked this sender: {r.Reason}", r.ProviderCode)),
        SendResult.OptedOut r => ("opted_out", WithCode($"The recipient opted out: {r.Reason}", r.ProviderCode)),
        SendResult.Undeliverable r => ("undeliverable", WithCode(r.Reason, r.ProviderCode)),
        SendResult.Invalid r => ("invalid", WithCode($"The provider refused the message: {r.Reason}", r.ProviderCode)),
        SendResult.AuthFailed r => ("auth_failed", WithCode($"The provider refused our credentials: {r.Reason}", r.ProviderCode)),
        SendResult.NoSender r => ("no_sender", $"Nothing can send for this number: {r.Reason}"),
        SendResult.MaybeSent r => (MaybeSentCode, $"It may have been sent: {r.Reason}. It is not retried automatically, so the customer never gets it twice; resend it if it did not arrive."),
        _ => null,
    };

    /// <summary>The error code of a message that may have gone out; such a message can be resent.</summary>
    public const string MaybeSentCode = "may_have_been_sent";

    private static string WithCode(string reason, string? providerCode) => providerCode is null ? reason : $"{reason} (provider code {providerCode})";
}
