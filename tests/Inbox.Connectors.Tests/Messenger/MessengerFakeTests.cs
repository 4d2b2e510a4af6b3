using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inbox.Connectors.Fakes.Messenger;
using Inbox.Connectors.Messenger;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Microsoft.Extensions.Time.Testing;
using static Inbox.Connectors.Tests.Messenger.MessengerFakeHarness;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>
/// The fake refusing what the Send API refuses, with requests written by hand here (not by the sender), so the
/// sender and the fake cannot pass by sharing a mistake: the token, the fields, the person, the window, the rate.
/// </summary>
public sealed class MessengerFakeTests
{
    private static readonly HttpClient Http = new();

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static string Text(string text = "Hello", string type = "RESPONSE", string psid = Psid, string? tag = null) =>
        "{\"recipient\":{\"id\":\"" + psid + "\"},\"messaging_type\":\"" + type + "\"" + (tag is null ? "" : ",\"tag\":\"" + tag + "\"") + ",\"message\":{\"text\":\"" + text + "\"}}";

    private static string Attachment(string attachment) =>
        "{\"recipient\":{\"id\":\"" + Psid + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"attachment\":" + attachment + "}}";

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(Uri uri, string json)
    {
        var response = await Http.PostAsync(uri, new StringContent(json, Encoding.UTF8, "application/json"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone(), response);
    }

    private static (int Code, int? Subcode) Error(JsonElement body)
    {
        var error = body.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        return (error.GetProperty("code").GetInt32(), error.TryGetProperty("error_subcode", out var sub) ? sub.GetInt32() : null);
    }

    [Fact]
    public async Task A_reply_with_the_pages_token_inside_the_window_is_accepted_with_the_recipient_and_a_message_id()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow().AddHours(-23));

        var (status, body, _) = await PostAsync(meta.Messages(), Text("Où ?"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Psid, body.GetProperty("recipient_id").GetString());
        var sent = Assert.Single(meta.Fake.Sent);
        Assert.Equal(sent.Mid, body.GetProperty("message_id").GetString());
        Assert.StartsWith("m_", sent.Mid);
        Assert.Equal((Page, Psid, "RESPONSE", "Où ?"), (sent.PageId, sent.Psid, sent.MessagingType, sent.Text));
    }

    [Fact]
    public async Task The_token_decides_the_page_and_me_is_the_tokens_own()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(OtherPage, Psid, _clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta.Messages("me", OtherToken), Text())).Status);
        Assert.Equal(OtherPage, Assert.Single(meta.Fake.Sent).PageId);

        using var bearer = new HttpRequestMessage(HttpMethod.Post, meta.Messages(OtherPage, token: null)) { Content = new StringContent(Text(), Encoding.UTF8, "application/json") };
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OtherToken);
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_or_another_pages_token_is_refused_and_nothing_is_sent()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());

        var missing = await PostAsync(meta.Messages(token: null), Text());
        var wrong = await PostAsync(meta.Messages(token: "EAAGguessed"), Text());
        var otherPages = await PostAsync(meta.Messages(Page, OtherToken), Text());

        Assert.Equal((HttpStatusCode.BadRequest, (104, (int?)null)), (missing.Status, Error(missing.Body)));
        Assert.Equal((HttpStatusCode.BadRequest, (190, (int?)null)), (wrong.Status, Error(wrong.Body)));
        Assert.Contains("invalid_token", wrong.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal((100, (int?)33), Error(otherPages.Body));
        Assert.Empty(meta.Fake.Sent);
        Assert.Equal(3, meta.Fake.Requests);
    }

    [Theory]
    [InlineData("""{"messaging_type":"RESPONSE","message":{"text":"Hi"}}""", "recipient")]
    [InlineData("""{"recipient":{},"messaging_type":"RESPONSE","message":{"text":"Hi"}}""", "recipient[id]")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"message":{"text":"Hi"}}""", "messaging_type")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"PROMO","message":{"text":"Hi"}}""", "messaging_type")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"MESSAGE_TAG","message":{"text":"Hi"}}""", "tag")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"MESSAGE_TAG","tag":"SALE","message":{"text":"Hi"}}""", "tag")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE"}""", "message or state")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE","message":{}}""", "empty")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE","message":{"text":"Hi"},"sender_action":"mark_seen"}""", "both")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE","message":{"attachment":{"type":"sticker","payload":{"url":"https://x.example/a.png"}}}}""", "type")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE","message":{"attachment":{"type":"image","payload":{}}}}""", "exactly one")]
    [InlineData("""{"recipient":{"id":"6543210987654321"},"sender_action":"dance"}""", "sender_action")]
    public async Task A_request_missing_what_the_send_api_requires_is_refused_with_code_100(string json, string named)
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());

        var (status, body, _) = await PostAsync(meta.Messages(), json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((100, (int?)null), Error(body));
        Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(meta.Fake.Sent);
    }

    [Fact]
    public async Task Text_over_2000_characters_is_refused()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());

        Assert.Equal((100, (int?)null), Error((await PostAsync(meta.Messages(), Text(new string('a', 2001)))).Body));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta.Messages(), Text(new string('a', 2000)))).Status);
    }

    [Fact]
    public async Task A_person_who_never_wrote_to_the_page_is_no_matching_user()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(OtherPage, Psid, _clock.GetUtcNow());

        Assert.Equal((100, (int?)2018001), Error((await PostAsync(meta.Messages(), Text())).Body));
    }

    [Fact]
    public async Task After_24_hours_a_response_is_outside_the_window_and_human_agent_is_allowed_up_to_7_days()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow().AddHours(-25));

        var response = await PostAsync(meta.Messages(), Text());
        var update = await PostAsync(meta.Messages(), Text(type: "UPDATE"));
        var humanAgent = await PostAsync(meta.Messages(), Text(type: "MESSAGE_TAG", tag: "HUMAN_AGENT"));
        _clock.Advance(TimeSpan.FromDays(6));
        var tooLate = await PostAsync(meta.Messages(), Text(type: "MESSAGE_TAG", tag: "HUMAN_AGENT"));

        Assert.Equal((HttpStatusCode.BadRequest, (10, (int?)2018278)), (response.Status, Error(response.Body)));
        Assert.Equal((10, (int?)2018278), Error(update.Body));
        Assert.Equal(HttpStatusCode.OK, humanAgent.Status);
        Assert.Equal((10, (int?)2018278), Error(tooLate.Body));
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), (Assert.Single(meta.Fake.Sent).MessagingType, meta.Fake.Sent[0].Tag));
    }

    [Fact]
    public async Task A_person_who_blocked_the_page_is_unavailable_and_one_who_turned_it_off_is_not_receiving()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());
        meta.Fake.CustomerWroteAt(Page, "999", _clock.GetUtcNow());
        meta.Fake.Block(Page, Psid);
        meta.Fake.Block(Page, "999", MessengerFakeError.NotReceiving);

        Assert.Equal((551, (int?)1545041), Error((await PostAsync(meta.Messages(), Text())).Body));
        Assert.Equal((10, (int?)2018108), Error((await PostAsync(meta.Messages(), Text(psid: "999"))).Body));
        Assert.Empty(meta.Fake.Sent);
    }

    [Fact]
    public async Task Over_the_pages_rate_in_any_second_is_refused_with_613_until_the_second_has_passed()
    {
        await using var meta = await StartAsync(_clock, o => o.SendsPerSecond = 3);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());
        meta.Fake.CustomerWroteAt(OtherPage, Psid, _clock.GetUtcNow());

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta.Messages(), Text())).Status);
        var over = await PostAsync(meta.Messages(), Text());
        var otherPage = await PostAsync(meta.Messages(OtherPage, OtherToken), Text());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var later = await PostAsync(meta.Messages(), Text());

        Assert.Equal((613, (int?)null), Error(over.Body));
        Assert.Equal(HttpStatusCode.OK, otherPage.Status);
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.Equal(5, meta.Fake.Sent.Count);
    }

    [Fact]
    public async Task A_failure_on_demand_is_answered_in_the_graph_envelope_and_sends_nothing()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());
        meta.Fake.FailNext(MessengerFakeError.TemporaryFailure);

        var failed = await PostAsync(meta.Messages(), Text());
        var next = await PostAsync(meta.Messages(), Text());

        Assert.Equal((HttpStatusCode.InternalServerError, (1200, (int?)null)), (failed.Status, Error(failed.Body)));
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Single(meta.Fake.Sent);
    }

    [Fact]
    public async Task Mark_seen_is_a_sender_action_answered_without_a_message_id()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());

        var (status, body, _) = await PostAsync(meta.Messages(), $$"""{"recipient":{"id":"{{Psid}}"},"sender_action":"mark_seen"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.TryGetProperty("message_id", out _));
        Assert.Equal("mark_seen", Assert.Single(meta.Fake.Actions).Action);
        Assert.Empty(meta.Fake.Sent);
    }

    [Fact]
    public async Task An_accepted_message_is_echoed_delivered_and_read_through_signed_page_webhooks_our_parser_reads()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);

        var mid = (await PostAsync(meta.Messages(), Text("Caf\u00e9 / tea"))).Body.GetProperty("message_id").GetString()!;
        await meta.Fake.ReportedAsync();

        var posted = meta.Posted.ToArray();
        Assert.Equal(3, posted.Length);
        foreach (var hook in posted)
        {
            Assert.Equal(MetaSignatureOf(hook.Body), hook.Signature);
            Assert.Equal("sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AppSecret), hook.Body)), hook.LegacySignature);
            Assert.StartsWith("""{"object":"page","entry":[{"id":"110011223344556","time":""", Encoding.ASCII.GetString(hook.Body));
        }
        Assert.Contains("\"text\":\"Caf\\u00e9 \\/ tea\"", Encoding.ASCII.GetString(posted[0].Body));
        var echo = MessengerWebhook.Parse(posted[0].Body);
        Assert.Equal((InboundKind.Echo, mid, Psid), (echo.Events.Single().Kind, echo.Events.Single().ProviderMessageId, echo.Events.Single().SenderAddress));
        Assert.Empty(MessengerWebhook.Parse(posted[0].Body, AppId).Events);
        var delivered = Assert.Single(MessengerWebhook.Parse(posted[1].Body).Events);
        Assert.Equal((InboundKind.Status, DeliveryStatus.Delivered, mid), (delivered.Kind, delivered.Status, delivered.ProviderMessageId));
        var read = Assert.Single(MessengerWebhook.Parse(posted[2].Body).Events);
        Assert.Equal((InboundKind.ReadUpTo, Page, Psid), (read.Kind, read.NumberAddress, read.SenderAddress));
        Assert.True(read.ProviderTimestamp >= meta.Fake.Sent[0].At.AddMilliseconds(-1));
        Assert.Equal("read", Assert.Single(meta.Fake.SentTo(Psid)).Status);
    }

    [Fact]
    public async Task Callbacks_can_come_twice_out_of_order_and_without_mids_and_a_refused_one_leaves_the_tick_where_it_was()
    {
        await using var meta = await StartAsync(configure: o => { o.DuplicateCallbacks = true; o.ReverseCallbacks = true; o.OmitDeliveryMids = true; });
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);
        meta.Answer = 401;

        await PostAsync(meta.Messages(), Text());
        await meta.Fake.ReportedAsync();

        var posted = meta.Posted.ToArray();
        Assert.Equal(6, posted.Length);
        Assert.Equal(posted[0].Body, posted[1].Body);
        Assert.Contains("\"read\":", Encoding.ASCII.GetString(posted[0].Body));
        Assert.DoesNotContain("mids", Encoding.ASCII.GetString(posted[2].Body));
        Assert.Contains("\"is_echo\":true", Encoding.ASCII.GetString(posted[4].Body));
        Assert.Equal("sent", meta.Fake.Sent[0].Status);
        Assert.All(meta.Fake.Callbacks, c => Assert.Equal(401, c.Status));
    }

    [Fact]
    public async Task A_customer_message_is_posted_as_meta_posts_it_and_opens_the_window()
    {
        await using var meta = await StartAsync();

        var delivery = await meta.Fake.SendAsCustomerAsync(Page, Psid, "O\u00f9 est ma commande ? \u2705", CancellationToken.None);

        Assert.True(delivery.Accepted);
        var hook = Assert.Single(meta.Posted);
        Assert.Contains("O\\u00f9 est ma commande ? \\u2705", Encoding.ASCII.GetString(hook.Body));
        var message = Assert.Single(MessengerWebhook.Parse(hook.Body).Events);
        Assert.Equal((InboundKind.Message, Page, Psid, "Où est ma commande ? ✅"), (message.Kind, message.NumberAddress, message.SenderAddress, message.Text));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(meta.Messages(), Text())).Status);
    }

    [Fact]
    public async Task An_attachment_goes_by_url_by_a_saved_attachment_id_or_as_uploaded_filedata()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());
        var byUrl = await PostAsync(meta.Messages(), Attachment("""{"type":"image","payload":{"url":"https://contoso.example/a.png","is_reusable":true}}"""));

        using var save = new MultipartFormDataContent
        {
            { new StringContent("""{"attachment":{"type":"file","payload":{"is_reusable":true}}}"""), "message" },
            { new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "filedata", "receipt.pdf" },
        };
        var saved = await Http.PostAsync(new Uri(meta.Server.GraphBase, $"v23.0/{Page}/message_attachments?access_token={Token}"), save);
        var id = JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("attachment_id").GetString();
        var byId = await PostAsync(meta.Messages(), Attachment("{\"type\":\"file\",\"payload\":{\"attachment_id\":\"" + id + "\"}}"));
        var otherPagesId = await PostAsync(meta.Messages(OtherPage, OtherToken), Attachment("{\"type\":\"file\",\"payload\":{\"attachment_id\":\"" + id + "\"}}"));

        using var upload = new MultipartFormDataContent
        {
            { new StringContent($$"""{"id":"{{Psid}}"}"""), "recipient" },
            { new StringContent("RESPONSE"), "messaging_type" },
            { new StringContent("""{"attachment":{"type":"image","payload":{"is_reusable":false}}}"""), "message" },
            { new ByteArrayContent([9, 8, 7]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "filedata", "shirt.png" },
        };
        var uploaded = await Http.PostAsync(meta.Messages(), upload);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (byUrl.Status, byId.Status, uploaded.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, otherPagesId.Status);
        var sent = meta.Fake.Sent;
        Assert.Equal("https://contoso.example/a.png", sent[0].Attachment!.Url);
        Assert.Equal((id, "file"), (sent[1].Attachment!.AttachmentId, sent[1].Attachment!.Type));
        Assert.Equal([9, 8, 7], sent[2].Attachment!.Upload!.Content);
        Assert.Equal(("image/png", "shirt.png"), (sent[2].Attachment!.Upload!.ContentType, sent[2].Attachment!.Upload!.FileName));
        Assert.Equal([1, 2, 3], meta.Fake.Saved(id!)!.Upload!.Content);
    }

    [Fact]
    public async Task The_cdn_serves_a_customers_file_until_its_url_expires_and_knows_nothing_else()
    {
        await using var meta = await StartAsync(_clock);
        var url = meta.Fake.Host([1, 2, 3, 4], "image/jpeg", "photo.jpg", TimeSpan.FromMinutes(10));
        var other = meta.Fake.Host([5], "image/jpeg", "other.jpg");

        var served = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal([1, 2, 3, 4], await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(url)).StatusCode);
        meta.Fake.Expire(other);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(other)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(meta.Server.GraphBase, "cdn/v/0000/none.jpg"))).StatusCode);
    }

    [Fact]
    public async Task A_stalled_answer_still_sends_the_message_once()
    {
        await using var meta = await StartAsync(_clock);
        meta.Fake.CustomerWroteAt(Page, Psid, _clock.GetUtcNow());
        meta.Fake.StallNext(TimeSpan.FromSeconds(30));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.PostAsync(meta.Messages(), new StringContent(Text(), Encoding.UTF8, "application/json")));

        Assert.Single(meta.Fake.Sent);
        Assert.Equal(1, meta.Fake.Requests);
    }

    private static string MetaSignatureOf(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), body));
}
