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
    bool HumanAgentTag = false);

/// <summary>What a provider made of a send.</summary>
public abstract record SendResult
{
    private SendResult() { }

    public sealed record Accepted(string ProviderMessageId) : SendResult;

    /// <summary>The sender is over its rate: the whole number pauses for this long.</summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : SendResult;

    /// <summary>The channel's customer-service window is closed (WhatsApp 131047, Messenger 10/2018278).</summary>
    public sealed record WindowClosed(string Reason) : SendResult;

    public sealed record RecipientBlocked(string Reason) : SendResult;

    public sealed record OptedOut(string Reason) : SendResult;

    public sealed record Undeliverable(string? ProviderCode, string Reason) : SendResult;

    public sealed record Invalid(string Reason) : SendResult;

    public sealed record AuthFailed(string Reason) : SendResult;

    /// <summary>Nothing can send for the number's provider account: it is gone, or no connector for its kind is installed.</summary>
    public sealed record NoSender(string Reason) : SendResult;

    /// <summary>Worth retrying: a timeout, a 5xx, a generic provider error.</summary>
    public sealed record Transient(string Reason) : SendResult;
}
