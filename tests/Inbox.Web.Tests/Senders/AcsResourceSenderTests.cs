using Inbox.Silo.Outbound;
using Inbox.Web.Senders;

namespace Inbox.Web.Tests.Senders;

/// <summary>What an ACS account's credentials allow, decided without the runtime: a send, or the outcome naming what is missing.</summary>
public sealed class AcsResourceSenderTests
{
    private const string Secret = "c2VjcmV0LWtleS1vZi1hLXRlc3Qtb25seS0xMjM0NTY=";

    [Theory]
    [InlineData(null, Secret, "'endpoint'")]
    [InlineData("  ", Secret, "'endpoint'")]
    [InlineData("contoso.communication.azure.com", Secret, "not an absolute http(s) URL")]
    [InlineData("ftp://contoso.communication.azure.com/", Secret, "not an absolute http(s) URL")]
    [InlineData("https://contoso.communication.azure.com/", null, "'accessKey'")]
    [InlineData("https://contoso.communication.azure.com/", " ", "'accessKey'")]
    public void MissingOrMalformedCredentialsAreNoSenderNamingTheCredentialAndNeverTheKey(string? endpoint, string? key, string named)
    {
        var found = new Dictionary<string, string>();
        if (endpoint is not null) found["endpoint"] = endpoint;
        if (key is not null) found["accessKey"] = key;

        var unusable = Assert.IsType<AcsResourceSender.Unusable>(AcsResourceSender.Decide("acc_1", found));

        var noSender = Assert.IsType<SendResult.NoSender>(unusable.Result);
        Assert.Contains(named, noSender.Reason);
        Assert.Contains("acc_1", noSender.Reason);
        Assert.DoesNotContain(Secret, noSender.Reason);
    }

    [Fact]
    public void AnEndpointAndAKeyAreUsedAsEnteredLessSurroundingSpace()
    {
        var found = new Dictionary<string, string> { ["endpoint"] = " https://contoso.communication.azure.com/ ", ["accessKey"] = Secret + "\n" };

        var usable = Assert.IsType<AcsResourceSender.Usable>(AcsResourceSender.Decide("acc_1", found));

        Assert.Equal((new Uri("https://contoso.communication.azure.com/"), Secret), (usable.Endpoint, usable.AccessKey));
    }
}
