using System.Text;
using Inbox.Connectors.Sms;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>Every kind of ACS answer, mapped without a server: the cases a fake would rarely produce.</summary>
public sealed class AcsSmsAnswerTests
{
    private const string To = "+14255550123";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static SendResult Map(int status, string body, Action<HttpResponseMessage>? headers = null)
    {
        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)status);
        headers?.Invoke(response);
        return AcsSmsAnswer.Map(status, response.Headers, Encoding.UTF8.GetBytes(body), To, Now);
    }

    private static string Item(string fields) => $$"""{"value":[{"to":"{{To}}",{{fields}}}]}""";

    [Fact]
    public void A_successful_item_is_accepted_under_its_message_id() =>
        Assert.Equal(new SendResult.Accepted("Outgoing_1"),
            Map(202, Item("""  "messageId":"Outgoing_1","httpStatusCode":202,"repeatabilityResult":"accepted","successful":true"""))); 

    [Fact]
    public void A_repeat_acs_rejected_under_the_first_sends_id_is_accepted() =>
        Assert.Equal(new SendResult.Accepted("Outgoing_1"),
            Map(202, Item("""  "messageId":"Outgoing_1","httpStatusCode":409,"repeatabilityResult":"rejected","successful":false""")));

    [Fact]
    public void The_item_for_the_recipient_is_found_with_or_without_its_plus() =>
        Assert.Equal(new SendResult.Accepted("Outgoing_2"), Map(202, """
            {"value":[{"to":"15551234567","messageId":"Outgoing_1","httpStatusCode":202,"successful":true},
                      {"to":"14255550123","messageId":"Outgoing_2","httpStatusCode":202,"successful":true}]}
            """));

    [Theory]
    [InlineData(400, typeof(SendResult.Invalid))]
    [InlineData(401, typeof(SendResult.AuthFailed))]
    [InlineData(403, typeof(SendResult.Undeliverable))]
    [InlineData(404, typeof(SendResult.Undeliverable))]
    [InlineData(429, typeof(SendResult.RateLimited))]
    [InlineData(500, typeof(SendResult.Transient))]
    [InlineData(503, typeof(SendResult.Transient))]
    public void A_refused_item_maps_by_its_own_status(int itemStatus, Type expected) =>
        Assert.IsType(expected, Map(202, Item($$"""  "httpStatusCode":{{itemStatus}},"errorMessage":"No.","successful":false""")));

    [Fact]
    public void An_undeliverable_item_keeps_acs_code_and_words() =>
        Assert.Equal(new SendResult.Undeliverable("403", "Destination not allowed."),
            Map(202, Item("""  "httpStatusCode":403,"errorMessage":"Destination not allowed.","successful":false""")));

    [Fact]
    public void A_repeatability_rejection_without_a_first_id_is_not_retried_under_a_new_one() =>
        Assert.IsType<SendResult.Invalid>(Map(202, Item("""  "httpStatusCode":409,"repeatabilityResult":"rejected","successful":false""")));

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("")]
    [InlineData("""{"value":[]}""")]
    [InlineData("""{"value":null}""")]
    [InlineData("""{"value":[null]}""")]
    [InlineData("""{"value":[{"to":"+15550000000","messageId":"x","successful":true},{"to":"+15550000001","messageId":"y","successful":true}]}""")]
    [InlineData("""{"value":[{"to":"+14255550123","httpStatusCode":"many","successful":true}]}""")]
    [InlineData("""{"value":[{"to":"+14255550123","httpStatusCode":202,"successful":true}]}""")]
    [InlineData("""{"value":[{"to":"+14255550123","httpStatusCode":202}]}""")]
    public void A_success_status_with_a_body_acs_would_not_send_is_transient(string body) =>
        Assert.IsType<SendResult.Transient>(Map(202, body));

    [Theory]
    [InlineData(400, typeof(SendResult.Invalid))]
    [InlineData(401, typeof(SendResult.AuthFailed))]
    [InlineData(403, typeof(SendResult.AuthFailed))]
    [InlineData(404, typeof(SendResult.Invalid))]
    [InlineData(408, typeof(SendResult.Transient))]
    [InlineData(500, typeof(SendResult.Transient))]
    [InlineData(502, typeof(SendResult.Transient))]
    public void A_refused_request_maps_by_its_http_status(int status, Type expected) =>
        Assert.IsType(expected, Map(status, "<html>whatever a proxy says</html>"));

    [Fact]
    public void A_refusal_carries_acs_own_error_message_and_code() =>
        Assert.Equal(new SendResult.Invalid("The from field is required. (BadRequest)"),
            Map(400, """{"error":{"code":"BadRequest","message":"The from field is required."}}"""));

    [Fact]
    public void Throttling_waits_the_retry_after_seconds() =>
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromSeconds(42)), Map(429, "", r => r.Headers.TryAddWithoutValidation("Retry-After", "42")));

    [Fact]
    public void Throttling_waits_until_the_retry_after_date() =>
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromSeconds(90)),
            Map(429, "", r => r.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(90).ToString("r"))));

    [Fact]
    public void Throttling_prefers_azures_millisecond_hint() =>
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromMilliseconds(2500)), Map(429, "", r =>
        {
            r.Headers.TryAddWithoutValidation("retry-after-ms", "2500");
            r.Headers.TryAddWithoutValidation("Retry-After", "60");
        }));

    [Fact]
    public void Throttling_without_a_hint_waits_the_default() =>
        Assert.Equal(new SendResult.RateLimited(AcsSmsAnswer.DefaultRetryAfter), Map(429, ""));

    [Fact]
    public void A_hint_in_the_past_still_waits_a_second() =>
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromSeconds(1)),
            Map(429, "", r => r.Headers.TryAddWithoutValidation("Retry-After", Now.AddMinutes(-5).ToString("r"))));
}
