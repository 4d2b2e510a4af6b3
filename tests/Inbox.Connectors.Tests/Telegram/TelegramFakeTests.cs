using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes.Telegram;
using Inbox.Connectors.Telegram;
using Inbox.Silo.Inbound;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Connectors.Tests.Telegram;

/// <summary>
/// The fake refusing what Telegram refuses and answering as it answers, with requests written by hand here (not by
/// Telegram.Bot), so the sender and the fake cannot pass by sharing a mistake.
/// </summary>
public sealed class TelegramFakeTests : IAsyncLifetime
{
    public const string Token = "7000000001:AAHfake-bot-token-for-tests-Qw3Er5Ty";
    public const string OtherToken = "7000000002:AAHsecond-bot-token-for-tests-Zx9Cv8";
    private const string Bot = "7000000001";
    private const long Zoe = 987654321;
    private static readonly HttpClient Http = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;
    private TelegramFakeServer _server = null!;

    private TelegramFake Fake => _server.Fake;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _server = await TelegramFakeServer.StartAsync(new TelegramFakeOptions
        {
            Bots = [new(Token, "Contoso", "contoso_bot"), new(OtherToken, "Fabrikam", "fabrikam_bot")],
            PerGroupPerMinute = 3, GlobalPerSecond = 4, MaxDownloadBytes = 1000, Network = _receiver.Network,
        }, _clock);
        Fake.AddCustomer(new TelegramFakeCustomer(Zoe, "Zoë", "Müller", "zoe_m", "fr"), Bot, started: true);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(string method, object? json = null, string token = Token, HttpContent? content = null)
    {
        var response = await Http.PostAsync(new Uri(_server.BaseUrl, $"/bot{token}/{method}"),
            content ?? (json is null ? null : new StringContent(System.Text.Json.JsonSerializer.Serialize(json), Encoding.UTF8, "application/json")));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static void AssertError((HttpStatusCode Status, JsonObject Body) answer, int code, string description)
    {
        Assert.Equal(code, (int)answer.Status);
        Assert.False(answer.Body["ok"]!.GetValue<bool>());
        Assert.Equal(code, answer.Body["error_code"]!.GetValue<int>());
        Assert.Equal(description, answer.Body["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownTokenIs401AMalformedOneAndAnUnknownMethodAre404AndMethodsIgnoreCase()
    {
        AssertError(await CallAsync("getMe", token: "7000000001:AAHwrong-token-of-the-right-shape"), 401, "Unauthorized");
        AssertError(await CallAsync("getMe", token: "not-a-token"), 404, "Not Found");
        AssertError(await CallAsync("sendTelepathy", new { chat_id = Zoe, text = "hi" }), 404, "Not Found");
        Assert.Empty(Fake.Sent);

        var (status, me) = await CallAsync("GETME");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(me["ok"]!.GetValue<bool>());
        Assert.Equal((7000000001L, true, "contoso_bot"), (me["result"]!["id"]!.GetValue<long>(), me["result"]!["is_bot"]!.GetValue<bool>(), me["result"]!["username"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SendMessageRefusesAMissingChatOrTextAnUnknownChatAndAPersonWhoNeverStartedTheBot()
    {
        AssertError(await CallAsync("sendMessage", new { text = "hi" }), 400, "Bad Request: chat_id is empty");
        AssertError(await CallAsync("sendMessage", new { chat_id = Zoe }), 400, "Bad Request: message text is empty");
        AssertError(await CallAsync("sendMessage", new { chat_id = Zoe, text = "" }), 400, "Bad Request: message text is empty");
        AssertError(await CallAsync("sendMessage", new { chat_id = Zoe, text = new string('x', 4097) }), 400, "Bad Request: message is too long");
        AssertError(await CallAsync("sendMessage", new { chat_id = 123, text = "hi" }), 400, "Bad Request: chat not found");
        // Zoë started Contoso's bot, not Fabrikam's.
        AssertError(await CallAsync("sendMessage", new { chat_id = Zoe, text = "hi" }, OtherToken), 403, "Forbidden: bot can't initiate conversation with a user");
        AssertError(await CallAsync("sendMessage", new { chat_id = Zoe, text = "hi", reply_parameters = new { message_id = 99 } }), 400, "Bad Request: message to be replied not found");
        Assert.Empty(Fake.Sent);
    }

    [Fact]
    public async Task ASentMessageIsTheMessageObjectFromTheBotAndAReplyCarriesTheMessageItAnswers()
    {
        await SetWebhookAsync();
        var written = await Fake.WriteAsync(Bot, Zoe, "Où est ma commande ?");

        var (status, body) = await CallAsync("sendMessage", new { chat_id = Zoe, text = "It ships today.", reply_parameters = new { message_id = written.MessageId } });

        Assert.Equal(HttpStatusCode.OK, status);
        var message = body["result"]!;
        Assert.Equal(written.MessageId + 1, message["message_id"]!.GetValue<long>()); // one sequence per chat, both sides
        Assert.Equal((7000000001L, true), (message["from"]!["id"]!.GetValue<long>(), message["from"]!["is_bot"]!.GetValue<bool>()));
        Assert.Equal((Zoe, "private"), (message["chat"]!["id"]!.GetValue<long>(), message["chat"]!["type"]!.GetValue<string>()));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), message["date"]!.GetValue<long>());
        Assert.Equal("Où est ma commande ?", message["reply_to_message"]!["text"]!.GetValue<string>());
        var sent = Assert.Single(Fake.Sent);
        Assert.Equal((Bot, Zoe, "It ships today.", (long?)written.MessageId), (sent.BotId, sent.ChatId, sent.Text, sent.ReplyTo));
        Assert.Equal("sent", Assert.Single(Fake.SentTo(Zoe.ToString())).Status); // Telegram reports nothing further
    }

    [Fact]
    public async Task ParametersAreTakenFromAFormAndTheQueryAsWellAsJson()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = Zoe.ToString(), ["text"] = "from a form" });
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("sendMessage", content: form)).Status);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var query = await Http.GetAsync(new Uri(_server.BaseUrl, $"/bot{Token}/sendmessage?chat_id={Zoe}&text=from%20the%20query"));
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(["from a form", "from the query"], Fake.Sent.Select(s => s.Text));
    }

    [Fact]
    public async Task ABlockedBotIsRefused403AndGetsMyChatMemberKicked()
    {
        await SetWebhookAsync();
        var blocked = await Fake.BlockAsync(Bot, Zoe);

        AssertError(await CallAsync("sendMessage", new { chat_id = Zoe, text = "hi" }), 403, "Forbidden: bot was blocked by the user");
        var (_, _, body) = _receiver.Posts.Last();
        var update = JsonNode.Parse(body)!;
        Assert.Equal(blocked.UpdateId, update["update_id"]!.GetValue<long>());
        Assert.Equal("kicked", update["my_chat_member"]!["new_chat_member"]!["status"]!.GetValue<string>());
        var parsed = Assert.IsType<Inbox.Connectors.WebhookParse.Parsed>(TelegramUpdates.Parse(body, Bot, _clock.GetUtcNow()));
        Assert.Equal(InboundKind.Block, Assert.Single(parsed.Events).Kind);

        await Fake.UnblockAsync(Bot, Zoe);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("sendMessage", new { chat_id = Zoe, text = "welcome back" })).Status);
    }

    [Fact]
    public async Task OneChatGetsOneMessageASecondAGroupItsPerMinuteLimitAndTheBotItsGlobalRateEachAnswered429WithRetryAfter()
    {
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("sendMessage", new { chat_id = Zoe, text = "1" })).Status);
        var limited = await CallAsync("sendMessage", new { chat_id = Zoe, text = "2" });
        AssertError(limited, 429, "Too Many Requests: retry after 1");
        Assert.Equal(1, limited.Body["parameters"]!["retry_after"]!.GetValue<int>());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("sendMessage", new { chat_id = Zoe, text = "2" })).Status);

        const long group = -1001234567890;
        Fake.AddGroup(new TelegramFakeGroup(group, "Café lovers"));
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, (await CallAsync("sendMessage", new { chat_id = group, text = $"g{i}" })).Status);
        }
        _clock.Advance(TimeSpan.FromSeconds(1));
        AssertError(await CallAsync("sendMessage", new { chat_id = group, text = "g3" }), 429, "Too Many Requests: retry after 57");

        // Four a second across chats: four people, a fifth refused, whoever it is.
        _clock.Advance(TimeSpan.FromSeconds(2));
        for (var person = 1L; person <= 5; person++) Fake.AddCustomer(new TelegramFakeCustomer(person, $"P{person}"), Bot, started: true);
        for (var person = 1L; person <= 4; person++) Assert.Equal(HttpStatusCode.OK, (await CallAsync("sendMessage", new { chat_id = person, text = "hi" })).Status);
        AssertError(await CallAsync("sendMessage", new { chat_id = 5, text = "hi" }), 429, "Too Many Requests: retry after 1");
        Assert.Equal(2 + 3 + 4, Fake.Sent.Count);
    }

    [Fact]
    public async Task SetWebhookTakesOnlyHttpsOnTelegramsPortsAndTheUpdatesComeWithTheSecretAsTelegramWritesThem()
    {
        AssertError(await CallAsync("setWebhook", new { url = "http://inbox.example.com/webhooks/telegram/7000000001" }), 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        AssertError(await CallAsync("setWebhook", new { url = "https://inbox.example.com:5001/webhooks/telegram/7000000001" }), 400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        AssertError(await CallAsync("setWebhook", new { url = "https://inbox.invalid/webhooks/telegram/7000000001" }), 400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known");
        await SetWebhookAsync();
        Fake.AddCustomer(new TelegramFakeCustomer(Zoe, "Zoë", "Müller", "zoe_m", "fr"));

        var first = await Fake.WriteAsync(Bot, Zoe, "/start order-1234");
        var second = await Fake.WriteAsync(Bot, Zoe, "où ? https://shop.example.test/o/1234 📦");

        Assert.True(first.Delivery.Accepted);
        Assert.Equal(first.UpdateId + 1, second.UpdateId);
        var (path, secret, body) = _receiver.Posts.Last();
        Assert.Equal(("/webhooks/telegram/7000000001", "s3cret_token-1"), (path, secret));
        var text = Encoding.ASCII.GetString(body);
        Assert.Equal(
            $$$"""{"update_id":{{{second.UpdateId}}},"message":{"message_id":{{{second.MessageId}}},"from":{"id":987654321,"is_bot":false,"first_name":"Zo\u00eb","last_name":"M\u00fcller","username":"zoe_m","language_code":"fr"},"chat":{"id":987654321,"first_name":"Zo\u00eb","last_name":"M\u00fcller","username":"zoe_m","type":"private"},"date":{{{_clock.GetUtcNow().ToUnixTimeSeconds()}}},"text":"o\u00f9 ? https:\/\/shop.example.test\/o\/1234 \ud83d\udce6","entities":[{"offset":5,"length":32,"type":"url"}]}}""",
            text);
        var parsed = Assert.IsType<Inbox.Connectors.WebhookParse.Parsed>(TelegramUpdates.Parse(body, Bot, _clock.GetUtcNow()));
        Assert.Equal("où ? https://shop.example.test/o/1234 📦", Assert.Single(parsed.Events).Text);
        var start = JsonNode.Parse(_receiver.Posts.First().Body)!["message"]!;
        Assert.Equal("bot_command", start["entities"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARefusedUpdateStaysPendingInGetWebhookInfoIsRetriedAndDuplicatesAndDisorderComeOnDemand()
    {
        await SetWebhookAsync();
        _receiver.Status = 403;
        var refused = await Fake.WriteAsync(Bot, Zoe, "hello?");
        Assert.Equal(403, refused.Delivery.Status);

        var info = (await CallAsync("getWebhookInfo")).Body["result"]!;
        Assert.Equal(1, info["pending_update_count"]!.GetValue<int>());
        Assert.Equal("Wrong response from the webhook: 403 Forbidden", info["last_error_message"]!.GetValue<string>());
        AssertError(await CallAsync("getUpdates"), 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");

        _receiver.Status = 200;
        Assert.True(Assert.Single(await Fake.RetryPendingAsync(Bot)).Accepted);
        Assert.Equal(0, (await CallAsync("getWebhookInfo")).Body["result"]!["pending_update_count"]!.GetValue<int>());
        Assert.True((await Fake.RedeliverAsync(Bot, refused.UpdateId)).Accepted);
        Assert.Equal(3, _receiver.Posts.Count(p => JsonNode.Parse(p.Body)!["update_id"]!.GetValue<long>() == refused.UpdateId));

        Fake.HoldDeliveries(Bot);
        var a = await Fake.WriteAsync(Bot, Zoe, "a");
        var b = await Fake.WriteAsync(Bot, Zoe, "b");
        await Fake.ReleaseAsync(Bot, newestFirst: true);
        Assert.Equal([b.UpdateId, a.UpdateId], _receiver.Posts.TakeLast(2).Select(p => JsonNode.Parse(p.Body)!["update_id"]!.GetValue<long>()));

        // A day later an undelivered update is gone.
        _receiver.Status = 500;
        await Fake.WriteAsync(Bot, Zoe, "lost");
        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Empty(await Fake.RetryPendingAsync(Bot));
    }

    [Fact]
    public async Task GetFileGivesAPathToDownloadUnderTheBotLimitAndRefusesALargerFile()
    {
        var small = Fake.AddFile("document", "%PDF-1.7 facture"u8.ToArray(), "facture.pdf", "application/pdf");
        var large = Fake.AddFile("video", new byte[1001], "clip.mp4", "video/mp4");

        var file = (await CallAsync("getFile", new { file_id = small.FileId })).Body["result"]!;
        Assert.Equal((small.FileId, 16L), (file["file_id"]!.GetValue<string>(), file["file_size"]!.GetValue<long>()));
        var download = await Http.GetAsync(new Uri(_server.BaseUrl, $"/file/bot{Token}/{file["file_path"]!.GetValue<string>()}"));
        Assert.Equal("%PDF-1.7 facture", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(_server.BaseUrl, $"/file/bot{OtherToken[..^1]}x/{small.Path}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(_server.BaseUrl, $"/file/bot{Token}/documents/file_999.pdf"))).StatusCode);

        AssertError(await CallAsync("getFile", new { file_id = large.FileId }), 400, "Bad Request: file is too big");
        AssertError(await CallAsync("getFile", new { file_id = "AgACAgQAAxkBAAnothing" }), 400, "Bad Request: invalid file_id");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(_server.BaseUrl, $"/file/bot{Token}/{large.Path}"))).StatusCode);
    }

    [Fact]
    public async Task APhotoIsUploadedAsAMultipartPartOrFetchedByUrlAndAMissingOneIsRefused()
    {
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Zoe.ToString()), "chat_id" },
            { new StringContent("La boîte"), "caption" },
            { new ByteArrayContent("jpeg-bytes"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "photo", "box.jpg" },
        };
        var uploaded = await CallAsync("sendPhoto", content: upload);
        Assert.Equal(HttpStatusCode.OK, uploaded.Status);
        var photo = uploaded.Body["result"]!["photo"]![0]!;
        Assert.Equal("jpeg-bytes", Encoding.UTF8.GetString(Fake.File(photo["file_id"]!.GetValue<string>())!.Content));
        Assert.Equal("La boîte", uploaded.Body["result"]!["caption"]!.GetValue<string>());

        _clock.Advance(TimeSpan.FromSeconds(1));
        var linked = await CallAsync("sendDocument", new { chat_id = Zoe, document = $"{WebhookReceiver.PublicBase}/media/leaflet.pdf" });
        Assert.Equal(HttpStatusCode.OK, linked.Status);
        Assert.Equal("leaflet.pdf", linked.Body["result"]!["document"]!["file_name"]!.GetValue<string>());

        AssertError(await CallAsync("sendPhoto", new { chat_id = Zoe }), 400, "Bad Request: there is no photo in the request");
        AssertError(await CallAsync("sendVoice", new { chat_id = Zoe, voice = "https://nowhere.invalid/a.ogg" }), 400, "Bad Request: failed to get HTTP URL content");
        Assert.Equal(2, Fake.Sent.Count);
    }

    [Fact]
    public async Task AButtonPressIsACallbackQueryThatCanBeAnsweredOnce()
    {
        await SetWebhookAsync();
        var keyboard = new { inline_keyboard = new[] { new[] { new { text = "Yes", callback_data = "helpful:yes" } } } };
        var message = (await CallAsync("sendMessage", new { chat_id = Zoe, text = "Was this helpful?", reply_markup = keyboard })).Body["result"]!;

        var pressed = await Fake.PressButtonAsync(Bot, Zoe, message["message_id"]!.GetValue<long>(), "helpful:yes");

        var query = JsonNode.Parse(_receiver.Posts.Last().Body)!["callback_query"]!;
        Assert.Equal((pressed.CallbackQueryId, "helpful:yes"), (query["id"]!.GetValue<string>(), query["data"]!.GetValue<string>()));
        var parsed = Assert.IsType<Inbox.Connectors.WebhookParse.Parsed>(TelegramUpdates.Parse(_receiver.Posts.Last().Body, Bot, _clock.GetUtcNow()));
        Assert.Equal(InboundKind.Action, Assert.Single(parsed.Events).Kind);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("answerCallbackQuery", new { callback_query_id = pressed.CallbackQueryId })).Status);
        AssertError(await CallAsync("answerCallbackQuery", new { callback_query_id = pressed.CallbackQueryId }), 400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid");
        Assert.Single(Fake.CallbackAnswers);
    }

    [Fact]
    public async Task AStalledAnswerStillSendsTheMessage()
    {
        Fake.StallNext(TimeSpan.FromSeconds(30));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(new Uri(_server.BaseUrl, $"/bot{Token}/sendMessage"),
            new StringContent($$"""{"chat_id":{{Zoe}},"text":"did it go?"}""", Encoding.UTF8, "application/json")));
        Assert.Equal("did it go?", Assert.Single(Fake.Sent).Text);
    }

    private async Task SetWebhookAsync()
    {
        var (status, body) = await CallAsync("setWebhook", new { url = $"{WebhookReceiver.PublicBase}/webhooks/telegram/{Bot}", secret_token = "s3cret_token-1" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Webhook was set", body["description"]!.GetValue<string>());
    }
}
