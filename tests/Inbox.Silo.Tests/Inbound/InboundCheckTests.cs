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

public sealed class SharedContentCheckTests
{
    private static InboundEvent Bare => Domain.Message("+14255550123", "") with { Text = null };

    [Fact]
    public void AMessageWithOnlyALocationOrOnlyContactCardsIsNotEmpty()
    {
        Assert.Null(InboundChecks.Problem(Bare with { Location = new SharedLocation(47.6, -122.3) }));
        Assert.Null(InboundChecks.Problem(Bare with { Contacts = [new SharedContact("Ana")] }));
        Assert.Null(InboundChecks.Problem(Bare with { Contacts = [new SharedContact("", Phones: ["+14255550177"])] }));
    }

    [Fact]
    public void AnEmptyListOfContactsIsNoContent() =>
        Assert.Equal("empty_message", InboundChecks.Problem(Bare with { Contacts = [] })?.Code);

    [Theory]
    [InlineData(90.5, 0)]
    [InlineData(-91, 0)]
    [InlineData(0, 180.01)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void ALocationOffTheGlobeIsRefused(double latitude, double longitude)
    {
        var problem = InboundChecks.Problem(Bare with { Location = new SharedLocation(latitude, longitude) });
        Assert.Equal(("bad_location", "location"), (problem?.Code, problem?.Field));
    }

    [Fact]
    public void AContactCardWithNoNamePhoneOrEmailIsRefused()
    {
        Assert.Equal("bad_contact", InboundChecks.Problem(Bare with { Contacts = [new SharedContact(" ", [""], [])] })?.Code);
        Assert.Equal("bad_contact", InboundChecks.Problem(Bare with { Contacts = [null!] })?.Code);
    }

    [Fact]
    public void AReactionNeedsTheMessageItReactsToButNoText()
    {
        var reaction = Bare with { Kind = InboundKind.Reaction, ProviderMessageId = "wamid.1", Reaction = "\U0001F44D" };
        Assert.Null(InboundChecks.Problem(reaction));
        Assert.Null(InboundChecks.Problem(reaction with { Reaction = "" })); // taken away
        Assert.Null(InboundChecks.Problem(reaction with { Reaction = null }));
        var problem = InboundChecks.Problem(reaction with { ProviderMessageId = " " });
        Assert.Equal(("bad_reaction", "providerMessageId"), (problem?.Code, problem?.Field));
    }
}

public sealed class MessageReactionTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static MessageReactions.Logged Event(string emoji, int second, string who = "ctc_1", string message = "m1", int arrived = 0) =>
        new(message, who, emoji, T.AddSeconds(second), T.AddSeconds(60 + arrived));

    [Fact]
    public void EachPersonsLatestReactionByProviderTimeIsWhatShowsWhateverTheArrivalOrder()
    {
        var current = MessageReactions.Current([Event("b", 5, arrived: 0), Event("a", 1, arrived: 1)]);

        Assert.Equal("b", Assert.Single(current["m1"]).Emoji);
    }

    [Fact]
    public void AnEmptyReactionTakesTheEarlierOneAway()
    {
        Assert.Empty(MessageReactions.Current([Event("a", 1), Event("", 2)]));
        Assert.Equal("c", Assert.Single(MessageReactions.Current([Event("a", 1), Event("", 2), Event("c", 3)])["m1"]).Emoji);
    }

    [Fact]
    public void TwoInTheSameInstantAreTakenInArrivalOrder() =>
        Assert.Equal("second", Assert.Single(MessageReactions.Current([Event("second", 1, arrived: 2), Event("first", 1, arrived: 1)])["m1"]).Emoji);

    [Fact]
    public void PeopleAndMessagesAreKeptApart()
    {
        var current = MessageReactions.Current([Event("a", 1, "ctc_1"), Event("b", 2, "ctc_2"), Event("", 3, "ctc_1"), Event("c", 1, "ctc_1", "m2")]);

        Assert.Equal([("b", "ctc_2")], current["m1"].Select(r => (r.Emoji, r.ContactId)));
        Assert.Equal([("c", "ctc_1")], current["m2"].Select(r => (r.Emoji, r.ContactId)));
    }
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
