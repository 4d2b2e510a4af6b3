using System.Text;
using Inbox.Connectors.Meta;

namespace Inbox.Connectors.Tests.Meta;

/// <summary>X-Hub-Signature-256 is checked over the raw bytes, and a header that is not one is a refusal, never an exception.</summary>
public sealed class MetaSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("test_app_secret");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[]}""");

    [Fact]
    public void TheDocumentedVectorMatches()
    {
        const string header = "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756";

        Assert.Equal(header, MetaSignature.Sign(Body, Secret));
        Assert.True(MetaSignature.Matches(Body, MetaSignature.Digest(header)!, Secret));
    }

    [Fact]
    public void AnotherBodyOrAnotherSecretDoesNotMatch()
    {
        var digest = MetaSignature.Digest(MetaSignature.Sign(Body, Secret))!;

        Assert.False(MetaSignature.Matches(Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[{}]}"""), digest, Secret));
        Assert.False(MetaSignature.Matches(Body, digest, Encoding.UTF8.GetBytes("another_app_secret")));
    }

    [Fact]
    public void TheRawBytesAreSignedNotTheirReserialisation()
    {
        var escaped = Fixture.Bytes("whatsapp-text.json");
        var reserialised = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(escaped).RootElement,
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var digest = MetaSignature.Digest(MetaSignature.Sign(escaped, Secret))!;

        Assert.True(MetaSignature.Matches(escaped, digest, Secret));
        Assert.False(MetaSignature.Matches(reserialised, digest, Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c63375")] // odd length
    [InlineData("sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c6337")] // too short
    [InlineData("sha256=zec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")] // not hex
    [InlineData("sha1=dec6a680679a968e7e0319355b23599cbfc54502")] // the legacy header's form only
    [InlineData("SHA256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")] // another prefix
    [InlineData("dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")] // no prefix
    [InlineData("sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756 ")]
    public void AMalformedHeaderHasNoDigest(string? header) => Assert.Null(MetaSignature.Digest(header));
}
