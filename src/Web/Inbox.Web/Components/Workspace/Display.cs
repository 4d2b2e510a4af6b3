using System.Globalization;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Web.Components.Workspace;

/// <summary>How the workspace writes things for people: channels, ticks, waiting times, failures.</summary>
public static class Display
{
    /// <summary>A short badge for the channel and its colour class; the badge's label names the channel in full.</summary>
    public static (string Badge, string Css) ChannelBadge(Channel channel) => channel switch
    {
        Channel.Sms => ("SMS", "ch-sms"),
        Channel.WhatsApp => ("WA", "ch-whatsapp"),
        Channel.Messenger => ("FB", "ch-messenger"),
        Channel.Telegram => ("TG", "ch-telegram"),
        _ => (channel.ToString(), "ch-other"),
    };

    /// <summary>
    /// The tick a message of ours shows, only from the ticks its channel reports (<see cref="DeliveryTicks"/>): a channel
    /// that never reports "read" never shows a missing read tick. Null when it shows none.
    /// </summary>
    public static (string Marks, string Words)? Tick(Channel channel, DeliveryStatus status) => DeliveryTicks.Shown(channel, status) switch
    {
        DeliveryStatus.Sent => ("✓", "sent"),
        DeliveryStatus.Delivered => ("✓✓", "delivered"),
        DeliveryStatus.Read => ("✓✓", "read"),
        _ => null,
    };

    /// <summary>How long a customer has waited, as an agent reads it at a glance: "&lt; 1 min", "12 min", "3 h", "2 d".</summary>
    public static string Waited(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "< 1 min",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} d",
    };

    /// <summary>A message's time: the clock time today, the date otherwise (in UTC: the server has no agent time zone yet).</summary>
    public static string Time(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.Date == now.UtcDateTime.Date
            ? at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)
            : at.UtcDateTime.ToString("d MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Why a message failed, in words: the provider's or the rules' reason when they gave one.</summary>
    public static string Failure(string? code, string? reason) => reason is { Length: > 0 } ? reason : code switch
    {
        Outbox.MaybeSentCode => "The provider may have sent this message: we could not tell before it timed out.",
        "auth_failed" => "The number's provider account refused our credentials.",
        "no_sender" => "No provider account can send from this number.",
        "rate_limited" => "The provider is limiting how fast this number sends.",
        null or "" => "The message could not be sent.",
        _ => $"The message could not be sent ({code}).",
    };

    /// <summary>Whether a failed message may be sent again as a new one: only when it may already have gone, so the agent decides.</summary>
    public static bool CanResend(MessageView message) => message.Status == DeliveryStatus.Failed && message.ErrorCode == Outbox.MaybeSentCode;

    public static string Status(ConversationStatus status) => status.ToString().ToLowerInvariant();
}
