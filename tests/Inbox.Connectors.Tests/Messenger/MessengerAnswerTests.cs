using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Inbox.Connectors.Messenger;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>Every documented Send API code, and every way of getting no answer, mapped to what the outbox does next.</summary>
public sealed class MessengerAnswerTests
{
    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in values) response.Headers.TryAddWithoutValidation(name, value);
        return response.Headers;
    }

    private static SendResult Map(int status, int code, int? subcode = null, HttpResponseHeaders? headers = null, string message = "Meta's words") =>
        MessengerAnswer.Map(status, headers ?? Headers(), Encoding.UTF8.GetBytes(
            "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
            + (subcode is null ? "" : ",\"error_subcode\":" + subcode) + ",\"fbtrace_id\":\"AbC\"}}"));

    [Fact]
    public void A_message_id_is_accepted_and_a_success_without_one_may_have_been_sent()
    {
        Assert.Equal(new SendResult.Accepted("m_1"), MessengerAnswer.Map(200, Headers(), """{"recipient_id":"1","message_id":"m_1"}"""u8));
        Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Map(200, Headers(), """{"recipient_id":"1"}"""u8));
        Assert.Equal(new SendResult.Accepted("psid"), MessengerAnswer.MapAction(200, Headers(), """{"recipient_id":"psid"}"""u8, "psid"));
    }

    [Theory]
    [InlineData(10, 2018278, "10/2018278")]
    [InlineData(10, 2018065, "10/2018065")]
    public void Outside_the_allowed_window_is_window_closed_with_the_code_kept(int code, int subcode, string kept)
    {
        var closed = Assert.IsType<SendResult.WindowClosed>(Map(400, code, subcode));
        Assert.Equal((kept, "Meta's words"), (closed.ProviderCode, closed.Reason));
    }

    [Fact]
    public void A_person_who_turned_the_page_off_blocked_it_and_one_who_is_unavailable_or_unknown_is_undeliverable()
    {
        Assert.Equal("10/2018108", Assert.IsType<SendResult.RecipientBlocked>(Map(400, 10, 2018108)).ProviderCode);
        Assert.Equal("200/2018108", Assert.IsType<SendResult.RecipientBlocked>(Map(403, 200, 2018108)).ProviderCode);
        Assert.Equal("551/1545041", Assert.IsType<SendResult.Undeliverable>(Map(400, 551, 1545041)).ProviderCode);
        Assert.Equal("551", Assert.IsType<SendResult.Undeliverable>(Map(400, 551)).ProviderCode);
        Assert.Equal("200/1545041", Assert.IsType<SendResult.Undeliverable>(Map(400, 200, 1545041)).ProviderCode);
        Assert.Equal("100/2018001", Assert.IsType<SendResult.Undeliverable>(Map(400, 100, 2018001)).ProviderCode);
        Assert.Equal("368", Assert.IsType<SendResult.Undeliverable>(Map(400, 368)).ProviderCode);
    }

    [Fact]
    public void Rate_limits_pause_the_page_for_metas_estimate_or_a_default_by_kind()
    {
        var send = Assert.IsType<SendResult.RateLimited>(Map(400, 613));
        Assert.Equal((MessengerAnswer.SendRatePause, "613"), (send.RetryAfter, send.ProviderCode));
        foreach (var code in new[] { 4, 17, 32, 80006 })
            Assert.Equal(MessengerAnswer.UsagePause, Assert.IsType<SendResult.RateLimited>(Map(400, code)).RetryAfter);
        Assert.Equal("4/2018022", Assert.IsType<SendResult.RateLimited>(Map(400, 4, 2018022)).ProviderCode);
        var estimated = Headers(("X-Business-Use-Case-Usage", """{"110011223344556":[{"type":"messenger","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":7}]}"""));
        Assert.Equal(TimeSpan.FromMinutes(7), Assert.IsType<SendResult.RateLimited>(Map(400, 32, headers: estimated)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<SendResult.RateLimited>(Map(400, 613, headers: Headers(("Retry-After", "30")))).RetryAfter);
        Assert.Equal(MessengerAnswer.SendRatePause, Assert.IsType<SendResult.RateLimited>(Map(400, 613, headers: Headers(("X-Business-Use-Case-Usage", "not json")))).RetryAfter);
    }

    [Theory]
    [InlineData(190, null, "190")]
    [InlineData(190, 463, "190/463")]
    [InlineData(102, null, "102")]
    [InlineData(104, null, "104")]
    [InlineData(100, 33, "100/33")]
    [InlineData(10, null, "10")]
    [InlineData(200, null, "200")]
    [InlineData(230, null, "230")]
    [InlineData(200, 2018028, "200/2018028")]
    public void A_bad_token_a_page_it_cannot_load_or_a_missing_permission_is_auth_failed(int code, int? subcode, string kept) =>
        Assert.Equal(kept, Assert.IsType<SendResult.AuthFailed>(Map(400, code, subcode)).ProviderCode);

    [Fact]
    public void A_bad_parameter_is_invalid_with_its_code()
    {
        Assert.Equal("100", Assert.IsType<SendResult.Invalid>(Map(400, 100, message: "(#100) The parameter recipient is required")).ProviderCode);
        Assert.Equal("100/2018047", Assert.IsType<SendResult.Invalid>(Map(400, 100, 2018047)).ProviderCode);
        Assert.Equal("12345", Assert.IsType<SendResult.Invalid>(Map(400, 12345)).ProviderCode);
    }

    [Fact]
    public void Only_a_failure_meta_calls_temporary_is_retried_and_an_unknown_error_may_have_been_sent()
    {
        Assert.Contains("1200", Assert.IsType<SendResult.Transient>(Map(500, 1200)).Reason);
        Assert.IsType<SendResult.Transient>(Map(500, 2));
        Assert.IsType<SendResult.MaybeSent>(Map(500, 1));
        Assert.IsType<SendResult.MaybeSent>(Map(500, 1, 1357046));
    }

    [Fact]
    public void An_answer_without_the_envelope_is_judged_by_its_status_and_a_gateways_5xx_may_have_been_sent()
    {
        Assert.IsType<SendResult.RateLimited>(MessengerAnswer.Map(429, Headers(), "Too Many"u8));
        Assert.IsType<SendResult.AuthFailed>(MessengerAnswer.Map(401, Headers(), ""u8));
        Assert.IsType<SendResult.AuthFailed>(MessengerAnswer.Map(403, Headers(), "<html/>"u8));
        foreach (var status in new[] { 500, 502, 503, 504 }) Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Map(status, Headers(), "<html>Bad gateway</html>"u8));
        Assert.IsType<SendResult.Invalid>(MessengerAnswer.Map(404, Headers(), ""u8));
        Assert.IsType<SendResult.Invalid>(MessengerAnswer.Map(400, Headers(), """{"error":"not the envelope"}"""u8));
    }

    [Fact]
    public void No_answer_is_retried_only_when_the_request_cannot_have_reached_meta()
    {
        foreach (var error in new[] { HttpRequestError.NameResolutionError, HttpRequestError.ConnectionError, HttpRequestError.SecureConnectionError, HttpRequestError.ProxyTunnelError })
            Assert.IsType<SendResult.Transient>(MessengerAnswer.Unanswered(new HttpRequestException(error, "no", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Unanswered(new TaskCanceledException("timed out")));
        Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Unanswered(new HttpRequestException(HttpRequestError.ResponseEnded, "cut")));
        Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Unanswered(new HttpRequestException(HttpRequestError.InvalidResponse, "garbled")));
        Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Unanswered(new HttpRequestException("unknown")));
        Assert.IsType<SendResult.MaybeSent>(MessengerAnswer.Unanswered(new IOException("reset")));
    }

    [Fact]
    public void A_later_part_that_fails_after_an_earlier_one_went_out_is_never_retried()
    {
        Assert.Equal("613", Assert.IsType<SendResult.Undeliverable>(MessengerClient.Partial(1, 2, new SendResult.RateLimited(TimeSpan.FromSeconds(5), "613"))).ProviderCode);
        Assert.Contains("1 of 2", Assert.IsType<SendResult.Undeliverable>(MessengerClient.Partial(1, 2, new SendResult.Transient("temporary"))).Reason);
        Assert.Contains("2 of 3", Assert.IsType<SendResult.MaybeSent>(MessengerClient.Partial(2, 3, new SendResult.MaybeSent("timed out"))).Reason);
    }

    [Fact]
    public void The_envelope_is_read_with_its_code_subcode_message_and_type()
    {
        var error = MessengerAnswer.Error("""{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"error_subcode":1234567,"fbtrace_id":"BLBz/WZt8dN"}}"""u8);
        Assert.Equal(new MessengerAnswer.GraphError(190, 1234567, "Invalid OAuth access token.", "OAuthException"), error);
        Assert.Null(MessengerAnswer.Error("not json"u8));
        Assert.Null(MessengerAnswer.Error("""{"error":{"message":"no code"}}"""u8));
    }
}
