using Inbox.Connectors.Sms;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>Event Grid deliveries from ACS, byte for byte as Event Grid posts them (Event Grid schema), as normalized events.</summary>
public sealed class AcsSmsEventTests
{
    private static WebhookParse Parse(string fixture) => AcsSmsEvents.Parse(BinaryData.FromBytes(Fixture.Bytes($"Sms/{fixture}")));

    private static WebhookParse ParseText(string body) => AcsSmsEvents.Parse(BinaryData.FromString(body));

    [Fact]
    public void TheSubscriptionValidationIsRecognisedWithItsCodeAndUrl()
    {
        var handshake = Assert.IsType<WebhookParse.Handshake>(Parse("validation.json"));

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", handshake.ValidationCode);
        Assert.StartsWith("https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/inbox/validate?id=512d38b6", handshake.ValidationUrl);
    }

    [Fact]
    public void ABatchGivesEachMessageAndReportInOrderAndNamesWhatItIgnores()
    {
        var parsed = Assert.IsType<WebhookParse.Parsed>(Parse("batch.json"));

        Assert.Equal([InboundKind.Message, InboundKind.Status, InboundKind.Status, InboundKind.Message], parsed.Events.Select(e => e.Kind));
        Assert.Equal(["Microsoft.Communication.IncomingCall"], parsed.Ignored);
        Assert.All(parsed.Events, e => Assert.Equal(Channel.Sms, e.Channel));
        Assert.All(parsed.Events, e => Assert.Null(InboundChecks.Problem(e)));
    }

    [Fact]
    public void AReceivedMessageIsFromTheCustomerToOurNumberKeyedByItsMessageIdAndNumbersGetTheirPlus()
    {
        var stop = ((WebhookParse.Parsed)Parse("batch.json")).Events[0];

        Assert.Equal(("+18005550100", "+14255550123", "STOP"), (stop.NumberAddress, stop.SenderAddress, stop.Text));
        Assert.Equal(("Incoming_20240603100001bb", "Incoming_20240603100001bb"), (stop.DedupeKey, stop.ProviderMessageId));
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 10, 0, 1, 320, TimeSpan.Zero), stop.ProviderTimestamp);
    }

    [Fact]
    public void AShortCodeStaysAsItIsAndNonAsciiTextIsRead()
    {
        var code = ((WebhookParse.Parsed)Parse("batch.json")).Events[3];

        Assert.Equal(("72345", "Your code is 1234 — ne la partagez pas"), (code.SenderAddress, code.Text));
    }

    [Fact]
    public void ADeliveryReportIsAStatusOfOurSendAndAFailureKeepsTheProvidersStatusAndWords()
    {
        var events = ((WebhookParse.Parsed)Parse("batch.json")).Events;
        var delivered = events[1];
        var failed = events[2];

        Assert.Equal(("+18005550100", "+14255550123", "Outgoing_20240603095900cc", DeliveryStatus.Delivered), (delivered.NumberAddress, delivered.SenderAddress, delivered.ProviderMessageId, delivered.Status));
        Assert.Equal("Outgoing_20240603095900cc:delivered", delivered.DedupeKey);
        Assert.Null(delivered.ErrorCode);
        Assert.Equal((DeliveryStatus.Failed, "Failed", "Sender blocked for given recipient.", "+18005550100", "+14255550124"),
            (failed.Status, failed.ErrorCode, failed.ErrorReason, failed.NumberAddress, failed.SenderAddress));
        Assert.NotEqual(delivered.DedupeKey, failed.DedupeKey);
    }

    [Fact]
    public void AReportWithAStatusACSDoesNotDocumentIsIgnoredByName()
    {
        var parsed = Assert.IsType<WebhookParse.Parsed>(ParseText("""
            [{"id":"1","subject":"/phonenumber/18005550100","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","dataVersion":"1.0","eventTime":"2024-06-03T10:00:04Z",
              "data":{"messageId":"Outgoing_1","from":"+18005550100","to":"+14255550123","deliveryStatus":"Expired","deliveryStatusDetails":"…"}}]
            """));

        Assert.Empty(parsed.Events);
        Assert.Equal(["delivery report Expired"], parsed.Ignored);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""[{"id":"1"}]""")]
    [InlineData("""[{"id":"1","subject":"s","eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","eventTime":"yesterday","data":{}}]""")]
    [InlineData("""[{"id":"1","subject":"s","eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","eventTime":"2024-06-03T10:00:04Z","data":{"from":"+1","to":"+2","message":"x"}}]""")]
    [InlineData("""[{"id":"1","subject":"s","eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","eventTime":"2024-06-03T10:00:04Z","data":"a string"}]""")]
    [InlineData("""[{"id":"1","subject":"s","eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","eventTime":"2024-06-03T10:00:04Z","data":{"messageId":1,"from":"+1","to":"+2"}}]""")]
    public void AMalformedBodyIsAParseErrorWithItsReason(string body)
    {
        var malformed = Assert.IsType<WebhookParse.Malformed>(ParseText(body));

        Assert.False(string.IsNullOrWhiteSpace(malformed.Reason));
    }
}
