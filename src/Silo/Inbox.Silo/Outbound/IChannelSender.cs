using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Silo.Outbound;

/// <summary>
/// The contract a connector implements to send for one provider account (a connector makes one per
/// account through its <see cref="IChannelSenderFactory"/>; a built-in sender such as the sandbox is
/// registered as itself). It sends one message and
/// says what happened; the outbox decides what follows (retry, pause, fail the message).
/// </summary>
public interface IChannelSender
{
    /// <summary>The provider account this sender serves; numbers name it when they are registered.</summary>
    string ProviderAccount { get; }

    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One message to send. <see cref="IdempotencyKey"/> is the same on every attempt: providers that
/// support it (ACS <c>repeatabilityRequestId</c>) then never send a retry twice.
/// <see cref="ReplyToProviderMessageId"/> is the provider's id of the message this one answers (WhatsApp
/// <c>context.message_id</c>, Telegram <c>reply_parameters</c>); a channel without replies in context ignores it.
/// A <see cref="MediaRef"/> going out names its file by <see cref="MediaRef.ProviderMediaId"/>: an https URL
/// the provider fetches itself (a link), or <c>inbox-media:{id}</c>, a file uploaded to Inbox, which the sender
/// opens through <see cref="Media.IOutboundMedia"/> and uploads to the provider.
/// <see cref="LastInboundAt"/> is when the customer last wrote in the conversation (the send rules' window starts
/// there): Messenger sends a human agent's reply untagged while the standard window is surely still open.
/// </summary>
public sealed record OutboundMessage(
    string MessageId,
    string IdempotencyKey,
    Channel Channel,
    string ProviderAccount,
    string From,
    string To,
    string? Text,
    IReadOnlyList<MediaRef> Media,
    string ConversationId,
    int Attempt,
    DateTimeOffset FirstQueuedAt,
    Numbers.TemplateUse? Template = null,
    bool HumanAgentTag = false,
    string? ReplyToProviderMessageId = null,
    DateTimeOffset? LastInboundAt = null);

/// <summary>What a provider made of a send.</summary>
public abstract record SendResult
{
    private SendResult() { }

    public sealed record Accepted(string ProviderMessageId) : SendResult;

    /// <summary>The sender is over its rate: the whole number pauses for this long (WhatsApp 130429, 80007; HTTP 429).</summary>
    public sealed record RateLimited(TimeSpan RetryAfter, string? ProviderCode = null) : SendResult;

    /// <summary>
    /// Too many messages to this one recipient (WhatsApp 131056, a Telegram chat's own limit): only this
    /// recipient's messages on the number wait this long; the number keeps sending to everyone else.
    /// </summary>
    public sealed record RecipientRateLimited(TimeSpan RetryAfter, string? ProviderCode = null) : SendResult;

    /// <summary>The channel's customer-service window is closed (WhatsApp 131047, Messenger 10/2018278).</summary>
    public sealed record WindowClosed(string Reason, string? ProviderCode = null) : SendResult;

    public sealed record RecipientBlocked(string Reason, string? ProviderCode = null) : SendResult;

    public sealed record OptedOut(string Reason, string? ProviderCode = null) : SendResult;

    public sealed record Undeliverable(string? ProviderCode, string Reason) : SendResult;

    public sealed record Invalid(string Reason, string? ProviderCode = null) : SendResult;

    public sealed record AuthFailed(string Reason, string? ProviderCode = null) : SendResult;

    /// <summary>
    /// The request went out and no answer came back (a timeout or a broken connection after the request was
    /// written), on a provider without an idempotency key: it may have been sent. Never retried
    /// automatically (a retry could send it twice); the message shows it and an agent may resend.
    /// See docs/sending.md.
    /// </summary>
    public sealed record MaybeSent(string Reason) : SendResult;

    /// <summary>Nothing can send for the number's provider account: it is gone, or no connector for its kind is installed.</summary>
    public sealed record NoSender(string Reason) : SendResult;

    /// <summary>Worth retrying: a timeout, a 5xx, a generic provider error.</summary>
    public sealed record Transient(string Reason) : SendResult;
}
