using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inbox.Connectors.Fakes.Sms;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>
/// The fake refusing what ACS refuses, with requests built and signed by hand here (not by the client),
/// so the client and the fake cannot pass by sharing a mistake.
/// </summary>
public sealed class AcsSmsFakeTests
{
    private const string Path = "/sms?api-version=2021-03-07";
    private const string Body = """{"from":"+18005550100","smsRecipients":[{"to":"+14255550123"}],"message":"Hello","smsSendOptions":{"enableDeliveryReport":true,"tag":"conv-1"}}""";
    private static readonly HttpClient Http = new();

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private Task<AcsSmsFakeServer> Start(AcsSmsFakeOptions? options = null, string prefix = "") =>
        AcsFakeServer.StartAsync(options ?? new AcsSmsFakeOptions { AccessKeys = [AcsFakeServer.Key, AcsFakeServer.SecondaryKey] }, _clock, prefix);

    /// <summary>A request signed by the documented recipe, each part overridable to sign something other than what is sent.</summary>
    private HttpRequestMessage Request(AcsSmsFakeServer acs, string body = Body, string path = Path, string key = AcsFakeServer.Key,
        DateTimeOffset? signedAt = null, string? signedBody = null, string? signedHost = null, string? signedPath = null, bool dateHeader = false)
    {
        var target = new Uri(acs.Endpoint, path);
        var date = (signedAt ?? _clock.GetUtcNow()).UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(signedBody ?? body)));
        var toSign = $"POST\n{signedPath ?? target.PathAndQuery}\n{date};{signedHost ?? target.Authority};{hash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(toSign)));

        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(dateHeader ? "Date" : "x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"HMAC-SHA256 SignedHeaders={(dateHeader ? "date" : "x-ms-date")};host;x-ms-content-sha256&Signature={signature}");
        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone(), response);
    }

    private static string Refusal(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AcsSmsFakeEndpoints.RefusalHeader, out var values) ? values.Single() : "";

    [Fact]
    public async Task A_request_signed_as_documented_is_accepted_with_one_item_per_recipient()
    {
        await using var acs = await Start();

        var (status, body, _) = await SendAsync(Request(acs));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var item = Assert.Single(body.GetProperty("value").EnumerateArray().ToList());
        Assert.Equal(("+14255550123", 202, true), (item.GetProperty("to").GetString(), item.GetProperty("httpStatusCode").GetInt32(), item.GetProperty("successful").GetBoolean()));
        Assert.Equal(item.GetProperty("messageId").GetString(), Assert.Single(acs.Fake.Sent).MessageId);
        Assert.Equal(("conv-1", true), (acs.Fake.Sent[0].Tag, acs.Fake.Sent[0].DeliveryReport));
    }

    [Fact]
    public async Task The_sdks_variant_with_a_date_header_is_accepted()
    {
        await using var acs = await Start();

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(acs, dateHeader: true))).Status);
    }

    [Fact]
    public async Task The_secondary_key_signs_too()
    {
        await using var acs = await Start();

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(acs, key: AcsFakeServer.SecondaryKey))).Status);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        await using var acs = await Start();

        var (status, body, response) = await SendAsync(Request(acs, key: Convert.ToBase64String("another-resource's-key"u8)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Denied", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("signature", Refusal(response));
        Assert.Empty(acs.Fake.Sent);
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task A_date_more_than_fifteen_minutes_off_is_refused_even_when_correctly_signed(int minutes)
    {
        await using var acs = await Start();

        var (status, _, response) = await SendAsync(Request(acs, signedAt: _clock.GetUtcNow().AddMinutes(minutes)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("min from the server's clock", Refusal(response));
    }

    [Fact]
    public async Task A_date_within_the_skew_is_accepted()
    {
        await using var acs = await Start();

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(acs, signedAt: _clock.GetUtcNow().AddMinutes(-14)))).Status);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_by_its_hash()
    {
        await using var acs = await Start();

        var (status, _, response) = await SendAsync(Request(acs, body: Body.Replace("Hello", "Hello, world"), signedBody: Body));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("not the hash of the body received", Refusal(response));
        Assert.Empty(acs.Fake.Sent);
    }

    [Fact]
    public async Task A_changed_body_with_a_fresh_hash_but_the_old_signature_is_refused()
    {
        await using var acs = await Start();
        var request = Request(acs);
        var changed = Body.Replace("Hello", "Hullo");
        request.Content = new StringContent(changed, Encoding.UTF8, "application/json");
        request.Headers.Remove("x-ms-content-sha256");
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(changed))));

        var (status, _, response) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("signature", Refusal(response));
    }

    [Fact]
    public async Task A_request_signed_for_another_host_is_refused()
    {
        await using var acs = await Start();

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Request(acs, signedHost: "contoso.communication.azure.com"))).Status);
    }

    [Fact]
    public async Task The_path_signed_is_the_raw_path_received_prefix_included()
    {
        await using var acs = await Start(prefix: "/fakes/acs");

        var withoutPrefix = await SendAsync(Request(acs, path: "sms?api-version=2021-03-07", signedPath: Path));
        var asReceived = await SendAsync(Request(acs, path: "sms?api-version=2021-03-07"));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutPrefix.Status);
        Assert.Equal(HttpStatusCode.Accepted, asReceived.Status);
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        await using var acs = await Start();
        var request = Request(acs);
        request.Headers.Remove("Authorization");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(request)).Status);
    }

    [Theory]
    [InlineData("/sms", "MissingApiVersionParameter")]
    [InlineData("/sms?api-version=2020-01-01", "UnsupportedApiVersionValue")]
    public async Task The_api_version_is_required_and_known(string path, string code)
    {
        await using var acs = await Start();

        var (status, body, _) = await SendAsync(Request(acs, path: path)); // signed correctly for the path it is sent to

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"smsRecipients":[{"to":"+14255550123"}],"message":"Hello"}""", "from field is required")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[],"message":"Hello"}""", "between 1 and 100")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+14255550123"}]}""", "message field is required")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+14255550123"}],"message":"Hi","smsSendOptions":{"tag":"x"}}""", "enableDeliveryReport")]
    [InlineData("""{"from":"+1800","smsRecipients":[{"to":"+14255550123"}],"message":"Hello"}""", "Invalid From")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task A_malformed_request_is_refused_as_a_whole(string body, string message)
    {
        await using var acs = await Start();

        var (status, answer, _) = await SendAsync(Request(acs, body: body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, answer.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(acs.Fake.Sent);
    }

    [Fact]
    public async Task Recipient_and_length_limits_are_acs_own()
    {
        await using var acs = await Start();
        string Recipients(int n) => string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"to":"+1425555{{i:0000}}"}"""));

        var hundred = await SendAsync(Request(acs, body: $$"""{"from":"+18005550100","smsRecipients":[{{Recipients(100)}}],"message":"Hi"}"""));
        var hundredAndOne = await SendAsync(Request(acs, body: $$"""{"from":"+18005550100","smsRecipients":[{{Recipients(101)}}],"message":"Hi"}"""));
        var longest = await SendAsync(Request(acs, body: $$"""{"from":"+18005550101","smsRecipients":[{"to":"+14255550123"}],"message":"{{new string('x', 2048)}}"}"""));
        var tooLong = await SendAsync(Request(acs, body: $$"""{"from":"+18005550101","smsRecipients":[{"to":"+14255550123"}],"message":"{{new string('x', 2049)}}"}"""));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.BadRequest), (hundred.Status, hundredAndOne.Status));
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.BadRequest), (longest.Status, tooLong.Status));
        Assert.Equal(101, acs.Fake.Sent.Count);
    }

    [Fact]
    public async Task A_bad_number_fails_only_its_own_item()
    {
        await using var acs = await Start();

        var (status, body, _) = await SendAsync(Request(acs, body: """
            {"from":"+18005550100","smsRecipients":[{"to":"+14255550123"},{"to":"+1425555"},{"to":"14255550124"}],"message":"Hello"}
            """));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var items = body.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal([202, 400, 400], items.Select(i => i.GetProperty("httpStatusCode").GetInt32()));
        Assert.Equal([true, false, false], items.Select(i => i.GetProperty("successful").GetBoolean()));
        Assert.Equal("Invalid To phone number format.", items[1].GetProperty("errorMessage").GetString());
        Assert.Equal("+14255550123", Assert.Single(acs.Fake.Sent).To);
    }

    [Fact]
    public async Task A_repeated_request_id_gets_the_first_message_id_and_is_not_sent_again()
    {
        await using var acs = await Start();
        var raised = 0;
        acs.Fake.Accepted += _ => Interlocked.Increment(ref raised);
        var firstSent = _clock.GetUtcNow().AddMinutes(-3).UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        string WithRepeatability(string sentAt) => $$"""
            {"from":"+18005550100","smsRecipients":[{"to":"+14255550123","repeatabilityRequestId":"0f8fad5b-d9cb-469f-a165-70867728950e","repeatabilityFirstSent":"{{sentAt}}"}],"message":"Hello"}
            """;

        var first = (await SendAsync(Request(acs, body: WithRepeatability(firstSent)))).Body.GetProperty("value")[0];
        _clock.Advance(TimeSpan.FromSeconds(20));
        var repeat = (await SendAsync(Request(acs, body: WithRepeatability(firstSent)))).Body.GetProperty("value")[0];
        var otherFirstSent = (await SendAsync(Request(acs, body: WithRepeatability(_clock.GetUtcNow().UtcDateTime.ToString("r"))))).Body.GetProperty("value")[0];

        Assert.Equal(first.GetProperty("messageId").GetString(), repeat.GetProperty("messageId").GetString());
        Assert.Equal(("accepted", "accepted"), (first.GetProperty("repeatabilityResult").GetString(), repeat.GetProperty("repeatabilityResult").GetString()));
        Assert.Equal("rejected", otherFirstSent.GetProperty("repeatabilityResult").GetString());
        Assert.False(otherFirstSent.GetProperty("successful").GetBoolean());
        Assert.Single(acs.Fake.Sent);
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task A_toll_free_number_is_throttled_past_200_units_a_minute_until_the_bucket_refills()
    {
        await using var acs = await Start();
        var hundred = $$"""{"from":"+18005550100","smsRecipients":[{{string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"to":"+1425555{{i:0000}}"}"""))}}],"message":"Hi"}""";

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(acs, body: hundred))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Request(acs, body: hundred))).Status);
        var (status, body, response) = await SendAsync(Request(acs));
        var otherNumber = await SendAsync(Request(acs, body: Body.Replace("+18005550100", "+18005550199")));
        _clock.Advance(TimeSpan.FromSeconds(1)); // 200/min refills a unit every 0.3 s
        var later = await SendAsync(Request(acs));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("TooManyRequests", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Accepted, otherNumber.Status);
        Assert.Equal(HttpStatusCode.Accepted, later.Status);
        Assert.Equal(202, acs.Fake.Sent.Count);
    }

    [Fact]
    public async Task Alphanumeric_sender_ids_share_the_resources_limit()
    {
        await using var acs = await Start(new AcsSmsFakeOptions { AccessKeys = [AcsFakeServer.Key], AlphanumericPerMinute = 1 });

        var contoso = await SendAsync(Request(acs, body: Body.Replace("+18005550100", "CONTOSO")));
        var fabrikam = await SendAsync(Request(acs, body: Body.Replace("+18005550100", "FABRIKAM")));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests), (contoso.Status, fabrikam.Status));
        Assert.Equal(TimeSpan.FromSeconds(60), fabrikam.Response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void A_resource_without_a_key_or_with_a_rate_under_one_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new AcsSmsFake(new AcsSmsFakeOptions(), TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcsSmsFake(
            new AcsSmsFakeOptions { AccessKeys = [AcsFakeServer.Key], PerMinute = { ["+18005550100"] = 0 } }, TimeProvider.System));
    }
}
