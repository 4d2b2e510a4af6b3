using System.Net.Sockets;
using System.Text;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Tests.WhatsApp;

/// <summary>Every documented Cloud API code mapped to what the outbox does next, with the code kept; and which failures may have sent.</summary>
public sealed class WhatsAppAnswerTests
{
    private static byte[] Envelope(int code, int? subcode = null)
    {
        var sub = subcode is null ? "" : $"\"error_subcode\":{subcode},";
        return Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"(#" + code + ") something\",\"type\":\"OAuthException\",\"code\":" + code + "," + sub
            + "\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"why " + code + "\"},\"fbtrace_id\":\"Axyz\"}}");
    }

    [Theory]
    [InlineData(130429, "RateLimited")]
    [InlineData(80007, "RateLimited")]
    [InlineData(4, "RateLimited")]
    [InlineData(131048, "RateLimited")]
    [InlineData(131056, "RecipientRateLimited")]
    [InlineData(131047, "WindowClosed")]
    [InlineData(131050, "OptedOut")]
    [InlineData(131026, "Undeliverable")]
    [InlineData(131049, "Undeliverable")]
    [InlineData(130472, "Undeliverable")]
    [InlineData(130497, "Undeliverable")]
    [InlineData(190, "AuthFailed")]
    [InlineData(0, "AuthFailed")]
    [InlineData(3, "AuthFailed")]
    [InlineData(10, "AuthFailed")]
    [InlineData(200, "AuthFailed")]
    [InlineData(299, "AuthFailed")]
    [InlineData(368, "AuthFailed")]
    [InlineData(131005, "AuthFailed")]
    [InlineData(131031, "AuthFailed")]
    [InlineData(131045, "AuthFailed")]
    [InlineData(133010, "AuthFailed")]
    [InlineData(100, "Invalid")]
    [InlineData(2500, "Invalid")]
    [InlineData(131008, "Invalid")]
    [InlineData(131009, "Invalid")]
    [InlineData(131021, "Invalid")]
    [InlineData(131037, "Invalid")]
    [InlineData(131042, "Invalid")]
    [InlineData(131051, "Invalid")]
    [InlineData(131052, "Invalid")]
    [InlineData(131053, "Invalid")]
    [InlineData(135000, "Invalid")]
    [InlineData(132000, "Invalid")]
    [InlineData(132001, "Invalid")]
    [InlineData(132005, "Invalid")]
    [InlineData(132007, "Invalid")]
    [InlineData(132012, "Invalid")]
    [InlineData(132015, "Invalid")]
    [InlineData(132016, "Invalid")]
    [InlineData(132068, "Invalid")]
    [InlineData(132069, "Invalid")]
    [InlineData(133000, "Invalid")]
    [InlineData(133006, "Invalid")]
    [InlineData(1, "Transient")]
    [InlineData(2, "Transient")]
    [InlineData(131000, "Transient")]
    [InlineData(131016, "Transient")]
    [InlineData(131057, "Transient")]
    [InlineData(133004, "Transient")]
    [InlineData(999999, "Invalid")]
    public void EachCodeMapsByCodeWhateverTheHttpStatusAndKeepsIt(int code, string kind)
    {
        foreach (var status in new[] { 400, 429, 403 })
        {
            var result = WhatsAppAnswer.Map(status, Envelope(code));

            Assert.Equal(kind, result.GetType().Name);
            var kept = result switch
            {
                SendResult.RateLimited r => r.ProviderCode,
                SendResult.RecipientRateLimited r => r.ProviderCode,
                SendResult.WindowClosed r => r.ProviderCode,
                SendResult.OptedOut r => r.ProviderCode,
                SendResult.Undeliverable r => r.ProviderCode,
                SendResult.AuthFailed r => r.ProviderCode,
                SendResult.Invalid r => r.ProviderCode,
                SendResult.Transient r => r.Reason.Contains($"provider code {code}") ? code.ToString() : null,
                _ => null,
            };
            Assert.Equal(code.ToString(), kept);
        }
    }

    [Fact]
    public void TheWaitsAreThoseOfEachLimit()
    {
        Assert.Equal(WhatsAppAnswer.ThroughputPause, ((SendResult.RateLimited)WhatsAppAnswer.Map(400, Envelope(130429))).RetryAfter);
        Assert.Equal(WhatsAppAnswer.ApiCallPause, ((SendResult.RateLimited)WhatsAppAnswer.Map(400, Envelope(80007))).RetryAfter);
        Assert.Equal(WhatsAppAnswer.SpamRatePause, ((SendResult.RateLimited)WhatsAppAnswer.Map(400, Envelope(131048))).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(6), ((SendResult.RecipientRateLimited)WhatsAppAnswer.Map(400, Envelope(131056))).RetryAfter);
    }

    [Fact]
    public void ObjectNotReachableWithTheTokenIsAnAuthProblemAndMetasDetailsAreTheReason()
    {
        var result = (SendResult.AuthFailed)WhatsAppAnswer.Map(400, Envelope(100, 33));
        Assert.Equal("100", result.ProviderCode);
        Assert.Contains("why 100", ((SendResult.WindowClosed)WhatsAppAnswer.Map(400, Envelope(131047))).Reason.Replace("131047", "100"));
    }

    [Fact]
    public void AnUnknownCodeOnA5xxIsTransientAndAnAnswerNotMetasMayHaveSent()
    {
        Assert.IsType<SendResult.Transient>(WhatsAppAnswer.Map(500, Envelope(424242)));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.Map(502, "<html>Bad gateway</html>"u8));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.Map(504, ""u8));
        Assert.IsType<SendResult.Transient>(WhatsAppAnswer.Map(503, ""u8));
        Assert.IsType<SendResult.AuthFailed>(WhatsAppAnswer.Map(401, ""u8));
        Assert.IsType<SendResult.RateLimited>(WhatsAppAnswer.Map(429, ""u8));
        Assert.IsType<SendResult.Invalid>(WhatsAppAnswer.Map(404, ""u8));
    }

    [Fact]
    public void A200IsAcceptedWithTheWamidAndA200WithoutOneMayHaveSent()
    {
        var accepted = WhatsAppAnswer.Map(200, """{"messaging_product":"whatsapp","contacts":[{"input":"+1","wa_id":"1"}],"messages":[{"id":"wamid.X"}]}"""u8);
        Assert.Equal(new SendResult.Accepted("wamid.X"), accepted);
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.Map(200, "{}"u8));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.Map(200, "<html>"u8));
    }

    [Fact]
    public void OnlyAFailureToReachMetaIsRetriedAndATimeoutOrABrokenConnectionMayHaveSent()
    {
        var timeout = TimeSpan.FromSeconds(30);
        Assert.IsType<SendResult.Transient>(WhatsAppAnswer.ForFailure(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)), timeout));
        Assert.IsType<SendResult.Transient>(WhatsAppAnswer.ForFailure(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), timeout));
        Assert.IsType<SendResult.Transient>(WhatsAppAnswer.ForFailure(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), timeout));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.ForFailure(new TaskCanceledException("timeout", new TimeoutException()), timeout));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.ForFailure(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), timeout));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.ForFailure(new HttpRequestException("reset"), timeout));
        Assert.IsType<SendResult.MaybeSent>(WhatsAppAnswer.ForFailure(new IOException("broken pipe"), timeout));
    }
}
