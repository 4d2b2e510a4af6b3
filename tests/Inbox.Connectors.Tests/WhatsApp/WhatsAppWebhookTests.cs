using Inbox.Connectors.Meta;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Tests.WhatsApp;

/// <summary>Every kind of the messages webhook becomes its own normalized event, with its fields where they belong and not in the text.</summary>
public sealed class WhatsAppWebhookTests
{
    private static MetaPayload Parse(string fixture) => WhatsAppWebhook.Parse(Fixture.Bytes(fixture));

    [Fact]
    public void ATextIsReadWithItsEscapedCharactersAndTheSendersProfileName()
    {
        var text = Assert.Single(Parse("whatsapp-text.json").Events);

        Assert.Equal(InboundKind.Message, text.Kind);
        Assert.Equal(Channel.WhatsApp, text.Channel);
        Assert.Equal("106540352242922", text.NumberAddress);
        Assert.Equal("14255550123", text.SenderAddress);
        Assert.Equal("Renée", text.SenderName);
        Assert.Equal("Café order #1234 — shipped? See https://contoso.example/o/1234", text.Text);
        Assert.Equal("wamid.HBgLMTQyNTU1NTAxMjMVAgASGBQzQUZCNjg0M0E0QTk1QkY4QTg1NgA=", text.DedupeKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1717408800), text.ProviderTimestamp);
    }

    [Fact]
    public void MediaKeepsTheProvidersIdTypeCaptionSizeAndFileName()
    {
        var media = Parse("whatsapp-media.json").Events.Select(e => Assert.Single(e.Media!)).ToArray();

        Assert.Equal(new MediaRef("image", "1047245323589963", "The dent à gauche", "image/jpeg"), media[0]);
        Assert.Equal(new MediaRef("document", "1198457212345678", null, "application/pdf", 48213, "reçu-1234.pdf"), media[1]);
        Assert.Equal(new MediaRef("voice", "2236548712309876", null, "audio/ogg; codecs=opus"), media[2]);
        Assert.Equal(new MediaRef("sticker", "3341257689012345", null, "image/webp"), media[3]);
    }

    [Fact]
    public void ALocationAndContactCardsAreFieldsOfTheirOwn()
    {
        var events = Parse("whatsapp-location-contacts.json").Events;

        Assert.Equal(new SharedLocation(48.8686, 2.3314, "Café de la Paix", "1 Rue de la Paix, Paris", "https://cafe.example/"), events[0].Location);
        Assert.Null(events[0].Text);
        var card = Assert.Single(events[1].Contacts!);
        Assert.Equal("José García", card.Name);
        Assert.Equal(["+1 425 555 0199"], card.Phones);
        Assert.Equal(["jose@fabrikam.example"], card.Emails);
        Assert.Equal("Fabrikam", card.Organization);
    }

    [Fact]
    public void ButtonsListRowsAndQuickRepliesAreActionsWithTheirPayloadAndTitle()
    {
        var events = Parse("whatsapp-replies.json").Events;

        Assert.All(events.Take(3), e => Assert.Equal(InboundKind.Action, e.Kind));
        Assert.Equal(("track_order", "Track my order", "wamid.OUT-MENU"), (events[0].ActionPayload, events[0].Text, events[0].ReplyToProviderMessageId));
        Assert.Equal(("slot_9am", "9:00"), (events[1].ActionPayload, events[1].Text));
        Assert.Equal(("STOP_PROMOS", "Stop promotions"), (events[2].ActionPayload, events[2].Text));
    }

    [Fact]
    public void AReactionNamesTheMessageItReactsToAndAnEmptyOneTakesItAway()
    {
        var events = Parse("whatsapp-replies.json").Events;

        Assert.Equal((InboundKind.Reaction, "wamid.OUT-MENU", "👍", "wamid.REACT1"), (events[3].Kind, events[3].ProviderMessageId, events[3].Reaction, events[3].DedupeKey));
        Assert.Equal((InboundKind.Reaction, ""), (events[4].Kind, events[4].Reaction));
        Assert.Equal((InboundKind.Message, "Merci !", "wamid.OUT-MENU"), (events[5].Kind, events[5].Text, events[5].ReplyToProviderMessageId));
    }

    [Fact]
    public void StatusesAreKeyedByMessageAndStatusAndAFailureCarriesTheCodeAndAReadableReason()
    {
        var events = Parse("whatsapp-statuses.json").Events;

        Assert.Equal(["wamid.OUT1:read", "wamid.OUT1:delivered", "wamid.OUT2:failed"], events.Select(e => e.DedupeKey));
        Assert.Equal([DeliveryStatus.Read, DeliveryStatus.Delivered, DeliveryStatus.Failed], events.Select(e => e.Status!.Value));
        Assert.All(events, e => Assert.Equal(("14255550123", InboundKind.Status), (e.SenderAddress, e.Kind)));
        Assert.Equal("131047", events[2].ErrorCode);
        Assert.StartsWith("Message failed to send because more than 24 hours", events[2].ErrorReason);
        Assert.Null(events[0].ErrorCode);
    }

    [Fact]
    public void ABatchRoutesEachChangeOnItsOwnNumberAndReportsWhatItCannotRead()
    {
        var payload = Parse("whatsapp-batch.json");

        Assert.Equal([("106540352242922", "For Contoso"), ("208870011223344", "För Fabrikam")], payload.Events.Select(e => (e.NumberAddress, e.Text)));
        Assert.Equal("Björn", payload.Events[1].SenderName);
        Assert.Equal(["message type 'unsupported'", "change field 'phone_number_quality_update'"], payload.Ignored);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":")]
    [InlineData("[1,2]")]
    [InlineData("{\"object\":\"whatsapp_business_account\"}")]
    public void ABodyThatIsNotAWebhookIsMalformed(string body) =>
        Assert.Throws<MalformedPayloadException>(() => WhatsAppWebhook.Parse(System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void OddlyShapedItemsAreIgnoredNotThrown()
    {
        var payload = WhatsAppWebhook.Parse("""{"object":"whatsapp_business_account","entry":[1,{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"messages":[{"id":7},{"from":"2","id":"x","type":"image","image":"no"}],"statuses":[{"id":"y","status":"deleted"}]}}]}]}"""u8.ToArray());

        Assert.Empty(payload.Events);
        Assert.Equal(3, payload.Ignored.Count);
    }
}
