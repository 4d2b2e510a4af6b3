using Inbox.Silo.Channels;
using Microsoft.Extensions.Logging;

namespace Inbox.Silo.Outbound;

/// <summary>
/// Tells the customer the brand has read them, on the channels that show it (WhatsApp's blue ticks, Messenger's
/// "seen"): when an agent reads a conversation, its last customer message is marked read through the number's
/// sender, if that sender is an <see cref="IReadMarker"/>. Best effort and off the agent's path: a failure is a
/// log line, as nobody is waiting for it and a later read marks the newer message anyway.
/// </summary>
public sealed class ReadReceipts(SenderDirectory senders, ILogger<ReadReceipts> logger)
{
    /// <summary>Only these channels show the customer that their message was read.</summary>
    public static bool Shows(Channel channel) => channel is Channel.WhatsApp or Channel.Messenger;

    public void Mark(string providerAccount, string from, string to, string providerMessageId) =>
        _ = MarkAsync(providerAccount, from, to, providerMessageId);

    private async Task MarkAsync(string providerAccount, string from, string to, string providerMessageId)
    {
        try
        {
            var (sender, _) = await senders.ForAsync(providerAccount);
            if (sender is not IReadMarker marker) return;
            var result = await marker.MarkReadAsync(from, to, providerMessageId, CancellationToken.None);
            if (result is not SendResult.Accepted)
                logger.LogInformation("Marking {ProviderMessageId} read on {Account} did not succeed: {Result}", providerMessageId, providerAccount, result);
        }
        catch (Exception error)
        {
            logger.LogWarning("Marking {ProviderMessageId} read on {Account} failed: {Reason}", providerMessageId, providerAccount, error.Message);
        }
    }
}
