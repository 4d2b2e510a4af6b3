using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;

namespace Inbox.Web.Demo;

/// <summary>
/// The delivery ticks each channel can report (issue 14): SMS sent and delivered, never read; WhatsApp all three;
/// Messenger delivered and read (its watermarks), no sent; Telegram sent only. A tick a channel never reports is not
/// shown at all, rather than shown as missing; a failure always is.
/// </summary>
public static class ChannelTicks
{
    /// <summary>The channel's ticks (<see cref="DeliveryTicks"/>) by the names the fakes report them.</summary>
    public static IReadOnlyList<string> Of(Channel channel) => [.. DeliveryTicks.Of(channel).Select(t => t.Wire())];

    /// <summary>What the simulator shows for a message the fake reports in <paramref name="status"/>: a mark and a word, or nothing.</summary>
    public static string? Shown(Channel channel, string status) => status switch
    {
        "failed" => "✗ failed",
        _ when !Of(channel).Contains(status) => null,
        "sent" => "✓ sent",
        "delivered" => "✓✓ delivered",
        "read" => "✓✓ read",
        _ => null,
    };
}
