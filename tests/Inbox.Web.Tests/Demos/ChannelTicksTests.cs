using Inbox.Silo.Channels;
using Inbox.Web.Demo;

namespace Inbox.Web.Tests.Demos;

/// <summary>Each channel shows the ticks it reports and no others; a failure shows on every channel.</summary>
public sealed class ChannelTicksTests
{
    [Theory]
    [InlineData(Channel.Sms, "sent", "✓ sent")]
    [InlineData(Channel.Sms, "delivered", "✓✓ delivered")]
    [InlineData(Channel.Sms, "read", null)]
    [InlineData(Channel.WhatsApp, "read", "✓✓ read")]
    [InlineData(Channel.Messenger, "sent", null)]
    [InlineData(Channel.Messenger, "delivered", "✓✓ delivered")]
    [InlineData(Channel.Telegram, "sent", "✓ sent")]
    [InlineData(Channel.Telegram, "delivered", null)]
    [InlineData(Channel.Telegram, "failed", "✗ failed")]
    public void ATickIsShownOnlyWhereTheChannelReportsIt(Channel channel, string status, string? shown) =>
        Assert.Equal(shown, ChannelTicks.Shown(channel, status));
}
