using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Tests.Inbound;

public sealed class InboundCheckTests
{
    [Fact]
    public void AMessageWithTextOrMediaPasses()
    {
        Assert.Null(InboundChecks.Problem(Domain.Message("+14255550123", "hi")));
        Assert.Null(InboundChecks.Problem(Domain.Message("+14255550123", "") with { Text = null, Media = [new MediaRef("image", "m-1")] }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public void AMessageWithNeitherIsRefusedAsEmpty(string? text) =>
        Assert.Equal("empty_message", InboundChecks.Problem(Domain.Message("+14255550123", "") with { Text = text })?.Code);

    [Fact]
    public void OtherKindsNeedNoText()
    {
        Assert.Null(InboundChecks.Problem(Domain.Message("+14255550123", "") with { Kind = InboundKind.Block, Text = null }));
        Assert.Null(InboundChecks.Problem(Domain.Status("p-1", DeliveryStatus.Read)));
    }

    [Fact]
    public void AnEventWithoutADedupeKeyOrAnAddressIsRefused()
    {
        Assert.Equal("missing_dedupe_key", InboundChecks.Problem(Domain.Message("+14255550123", "hi", dedupeKey: "") with { DedupeKey = "" })?.Code);
        Assert.Equal("missing_address", InboundChecks.Problem(Domain.Message(" ", "hi"))?.Code);
        Assert.Equal("missing_address", InboundChecks.Problem(Domain.Message("+14255550123", "hi", channel: Channel.WhatsApp, to: ""))?.Code);
    }

    [Fact]
    public void AStatusNeedsItsStatusAndTheMessageItConcerns() =>
        Assert.Equal("bad_status", InboundChecks.Problem(Domain.Status("p-1", DeliveryStatus.Read) with { ProviderMessageId = null })?.Code);
}

public sealed class PlacedAtTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-86_400)] // a day late: delayed delivery is real, the provider's time stands
    [InlineData(0)]
    [InlineData(300)] // five minutes ahead: ordinary clock drift
    public void TheProvidersTimeStandsUnlessItRunsAheadOfUs(int seconds) =>
        Assert.Equal(Received.AddSeconds(seconds), InboundMessages.PlacedAt(Received.AddSeconds(seconds), Received));

    [Theory]
    [InlineData(301)]
    [InlineData(94_608_000)] // three years
    public void AProviderClockMoreThanFiveMinutesAheadGivesWayToTheReceiveTime(int seconds) =>
        Assert.Equal(Received, InboundMessages.PlacedAt(Received.AddSeconds(seconds), Received));
}
