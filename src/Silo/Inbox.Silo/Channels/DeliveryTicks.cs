using Inbox.Silo.Conversations;

namespace Inbox.Silo.Channels;

/// <summary>
/// The delivery ticks each channel can show: what its provider reports for a message the brand sent. A tick the
/// channel never reports is not a tick that is missing, so a thread shows only these (docs/sending.md).
/// "Sent" means the provider accepted the message; SMS has no read receipts, Messenger reports delivery and
/// read as watermarks, and Telegram's Bot API reports nothing after it accepts a message.
/// </summary>
public static class DeliveryTicks
{
    private static readonly DeliveryStatus[] Sms = [DeliveryStatus.Sent, DeliveryStatus.Delivered];
    private static readonly DeliveryStatus[] WhatsApp = [DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Read];
    private static readonly DeliveryStatus[] Messenger = [DeliveryStatus.Delivered, DeliveryStatus.Read];
    private static readonly DeliveryStatus[] Telegram = [DeliveryStatus.Sent];

    public static IReadOnlyList<DeliveryStatus> Of(Channel channel) => channel switch
    {
        Channel.Sms => Sms,
        Channel.WhatsApp => WhatsApp,
        Channel.Messenger => Messenger,
        Channel.Telegram => Telegram,
        _ => [],
    };

    /// <summary>The furthest tick to show for a message's status on the channel; null when the channel shows none for it (queued, failed, or a status it never reports).</summary>
    public static DeliveryStatus? Shown(Channel channel, DeliveryStatus status)
    {
        DeliveryStatus? shown = null;
        foreach (var tick in Of(channel)) if (tick.Rank() <= status.Rank() && status != DeliveryStatus.Failed) shown = tick;
        return shown;
    }
}
