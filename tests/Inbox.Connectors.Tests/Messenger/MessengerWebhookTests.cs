using Inbox.Connectors.Meta;
using Inbox.Connectors.Messenger;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>Each messaging item of each Page becomes its own event; the Page's echoes are the brand's own messages.</summary>
public sealed class MessengerWebhookTests
{
    private const string Page = "110011223344556";
    private const string Psid = "6543210987654321";

    private static MetaPayload Parse(string fixture) => MessengerWebhook.Parse(Fixture.Bytes(fixture));

    [Fact]
    public void MessagesCarryTextAttachmentsQuickRepliesAndTheMessageTheyAnswer()
    {
        var events = Parse("messenger-message.json").Events;

        Assert.All(events, e => Assert.Equal((Channel.Messenger, Page, Psid), (e.Channel, e.NumberAddress, e.SenderAddress)));
        Assert.Equal("Où est ma commande ?", events[0].Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1717408800000), events[0].ProviderTimestamp);
        Assert.Equal(events[0].ProviderMessageId, events[0].DedupeKey);
        Assert.Equal([("image", "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=00_abc"), ("document", "https://cdn.fbsbx.com/v/t59.2708-21/reçu.pdf?_nc_cat=2")],
            events[1].Media!.Select(m => (m.Type, m.ProviderMediaId)));
        Assert.Equal((InboundKind.Action, "CONFIRM_ADDRESS", "Oui"), (events[2].Kind, events[2].ActionPayload, events[2].Text));
        Assert.Equal("m_OUT1", events[3].ReplyToProviderMessageId);
    }

    [Fact]
    public void AnEchoIsThePagesOwnMessageToTheCustomer()
    {
        var echo = Assert.Single(Parse("messenger-echo.json").Events);

        Assert.Equal((InboundKind.Echo, Page, Psid, "m_ECHO1"), (echo.Kind, echo.NumberAddress, echo.SenderAddress, echo.DedupeKey));
        Assert.Equal("Typed in Page Inbox: your order left the warehouse ✅", echo.Text);
    }

    [Fact]
    public void AnEchoOfInboxsOwnAppIsIgnoredSinceItsMessageIsKeptAlready()
    {
        var payload = MessengerWebhook.Parse(Fixture.Bytes("messenger-echo.json"), ownAppId: "263902037430900");

        Assert.Empty(payload.Events);
        Assert.Equal("echo of Inbox's own message m_ECHO1", Assert.Single(payload.Ignored));
        Assert.Single(MessengerWebhook.Parse(Fixture.Bytes("messenger-echo.json"), ownAppId: "999").Events);
    }

    [Fact]
    public void PostbacksAreActionsAndReactionsNameTheMessageTheyConcern()
    {
        var events = Parse("messenger-actions.json").Events;

        Assert.Equal((InboundKind.Action, "TALK_TO_AGENT", "Parler à un agent", "m_POSTBACK1"), (events[0].Kind, events[0].ActionPayload, events[0].Text, events[0].DedupeKey));
        Assert.Equal((InboundKind.Reaction, "m_OUT1", "❤"), (events[1].Kind, events[1].ProviderMessageId, events[1].Reaction));
        Assert.Equal((InboundKind.Reaction, ""), (events[2].Kind, events[2].Reaction));
        Assert.NotEqual(events[1].DedupeKey, events[2].DedupeKey);
    }

    [Fact]
    public void DeliveriesMarkTheirMessagesAndAReadIsAWatermark()
    {
        var payload = Parse("messenger-receipts.json");

        Assert.Equal([("m_OUT1", DeliveryStatus.Delivered), ("m_OUT2", DeliveryStatus.Delivered)],
            payload.Events.Where(e => e.Kind == InboundKind.Status).Select(e => (e.ProviderMessageId!, e.Status!.Value)));
        var read = Assert.Single(payload.Events, e => e.Kind == InboundKind.ReadUpTo);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1717408959000), read.ProviderTimestamp);
        Assert.Single(payload.Ignored); // the delivery watermark without mids
    }

    [Fact]
    public void ABatchRoutesEachEntryOnItsOwnPageAndReportsWhatItCannotRead()
    {
        var payload = Parse("messenger-batch.json");

        Assert.Equal([(Page, "For Contoso"), ("220022334455667", "För Fabrikam")], payload.Events.Select(e => (e.NumberAddress, e.Text)));
        Assert.Equal("messaging item with optin", Assert.Single(payload.Ignored));
    }

    [Fact]
    public void AnotherObjectIsIgnoredAndABodyThatIsNotAWebhookIsMalformed()
    {
        Assert.Equal("object 'instagram'", Assert.Single(MessengerWebhook.Parse("""{"object":"instagram","entry":[]}"""u8.ToArray()).Ignored));
        Assert.Throws<MalformedPayloadException>(() => MessengerWebhook.Parse("{\"object\":\"page\",\"entry\":{}}"u8.ToArray()));
    }
}
