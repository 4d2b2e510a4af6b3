using System.Text;
using Inbox.Connectors.Sms;

namespace Inbox.Connectors.Tests.Sms;

public sealed class AcsHmacTests
{
    private const string Key = "ZmFrZS1hY3MtYWNjZXNzLWtleS1mb3ItdGVzdHMtb25seSEh";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"from":"+18005550100","smsRecipients":[{"to":"+14255550123"}],"message":"Hello"}""");
    private static readonly DateTimeOffset Date = new(2024, 6, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Signs_the_documented_test_vector()
    {
        var signed = AcsHmac.Sign(Key, "post", "/sms?api-version=2021-03-07", "contoso.communication.azure.com", Date, Body);

        Assert.Equal("Mon, 03 Jun 2024 10:00:00 GMT", signed.Date);
        Assert.Equal("0tVzw2vSI/MreNvC0x1AJ9nY0+v3g27QHt2LZ89AXBM=", signed.ContentHash);
        Assert.Equal("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=lZpkuRaPRDUEpHJqXtsWwjrb9ykI3Mz60qwEjArO2P8=", signed.Authorization);
    }

    [Fact]
    public void An_empty_body_is_hashed_too() =>
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", AcsHmac.ContentHash([]));

    [Theory]
    [InlineData("POST", "/sms?api-version=2021-03-07", "contoso.communication.azure.com:8443")] // another host (a port is part of it)
    [InlineData("POST", "/sms?api-version=2026-01-23", "contoso.communication.azure.com")]      // another query
    [InlineData("GET", "/sms?api-version=2021-03-07", "contoso.communication.azure.com")]       // another verb
    public void Every_signed_part_changes_the_signature(string method, string pathAndQuery, string host) =>
        Assert.NotEqual("lZpkuRaPRDUEpHJqXtsWwjrb9ykI3Mz60qwEjArO2P8=",
            AcsHmac.Signature(Key, method, pathAndQuery, "Mon, 03 Jun 2024 10:00:00 GMT", host, "0tVzw2vSI/MreNvC0x1AJ9nY0+v3g27QHt2LZ89AXBM="));
}
