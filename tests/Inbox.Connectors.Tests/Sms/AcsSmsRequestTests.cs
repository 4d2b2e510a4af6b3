using System.Text.Json;
using Inbox.Connectors.Sms;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>What the client puts on the wire, field by field, and the repeatability id it derives.</summary>
public sealed class AcsSmsRequestTests
{
    [Fact]
    public void The_body_names_every_field_as_acs_does()
    {
        var message = AcsSmsClientTests.Message(key: "msg-42", conversation: "conv-7");

        using var body = JsonDocument.Parse(AcsSmsClient.Body(message));
        var root = body.RootElement;
        var recipient = Assert.Single(root.GetProperty("smsRecipients").EnumerateArray().ToList());

        Assert.Equal("+18005550100", root.GetProperty("from").GetString());
        Assert.Equal("Hello", root.GetProperty("message").GetString());
        Assert.Equal("+14255550123", recipient.GetProperty("to").GetString());
        Assert.Equal(AcsRepeatability.RequestId("msg-42"), recipient.GetProperty("repeatabilityRequestId").GetGuid());
        Assert.Equal("Tue, 01 Dec 2026 09:30:00 GMT", recipient.GetProperty("repeatabilityFirstSent").GetString());
        Assert.True(root.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
        Assert.Equal("conv-7", root.GetProperty("smsSendOptions").GetProperty("tag").GetString());
    }

    [Fact]
    public void Every_attempt_of_a_message_carries_the_same_body() =>
        Assert.Equal(AcsSmsClient.Body(AcsSmsClientTests.Message(attempt: 1)), AcsSmsClient.Body(AcsSmsClientTests.Message(attempt: 5)));

    [Fact]
    public void The_repeatability_id_is_a_version_5_guid_of_the_key_alone()
    {
        var id = AcsRepeatability.RequestId("msg-1");

        Assert.Equal(id, AcsRepeatability.RequestId("msg-1"));
        Assert.NotEqual(id, AcsRepeatability.RequestId("msg-2"));
        Assert.Equal(5, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        // Pinned to RFC 9562's own algorithm (Python's uuid.uuid5 gives the same): a changed derivation would resend queued messages after an upgrade.
        Assert.Equal(new Guid("aad1f5a1-9059-5aa0-ab88-65025c73e13a"), id);
    }

    [Theory]
    [InlineData("https://contoso.communication.azure.com/", "https://contoso.communication.azure.com/sms?api-version=2021-03-07")]
    [InlineData("https://contoso.communication.azure.com", "https://contoso.communication.azure.com/sms?api-version=2021-03-07")]
    [InlineData("http://127.0.0.1:5000/fakes/acs", "http://127.0.0.1:5000/fakes/acs/sms?api-version=2021-03-07")]
    [InlineData("http://127.0.0.1:5000/fakes/acs/", "http://127.0.0.1:5000/fakes/acs/sms?api-version=2021-03-07")]
    public void The_send_address_is_under_the_endpoint_however_it_is_written(string endpoint, string expected) =>
        Assert.Equal(expected, AcsSmsClient.SendUri(new Uri(endpoint)).ToString());
}
