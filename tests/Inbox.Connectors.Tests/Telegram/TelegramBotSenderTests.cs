using Inbox.Connectors.Fakes.Telegram;
using Inbox.Connectors.Telegram;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Connectors.Tests.Telegram;

/// <summary>The sender and the media source against the fake Bot API over real HTTP on loopback: what reaches it, and each answer's outcome.</summary>
public sealed class TelegramBotSenderTests : IAsyncLifetime
{
    private const string Token = TelegramFakeTests.Token;
    private const string Bot = "7000000001";
    private const long Zoe = 987654321;
    private static readonly IHttpMessageHandlerFactory Handlers =
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpMessageHandlerFactory>();

    private readonly Uploads _uploads = new();
    private TelegramFakeServer _server = null!;
    private TelegramChatPacer _pacer = new();

    private TelegramFake Fake => _server.Fake;

    public async Task InitializeAsync()
    {
        _server = await TelegramFakeServer.StartAsync(new TelegramFakeOptions
        {
            Bots = [new(Token, "Contoso", "contoso_bot"), new(TelegramFakeTests.OtherToken, "Fabrikam", "fabrikam_bot")], MaxDownloadBytes = 1000,
        });
        Fake.AddCustomer(new TelegramFakeCustomer(Zoe, "Zoë"), Bot, started: true);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private TelegramBotConnection Connection(string? apiBase = null, TimeSpan? timeout = null, TelegramChatPacer? pacer = null) =>
        new(apiBase ?? _server.BaseUrl.ToString(), timeout ?? TimeSpan.FromSeconds(10), Handlers, pacer ?? _pacer, TimeProvider.System, _uploads);

    private Task<SendResult> SendAsync(string? text = "It ships today.", string to = "987654321", MediaRef[]? media = null, string? replyTo = null,
        string token = Token, TelegramBotConnection? connection = null) =>
        new TelegramBotSender(connection ?? Connection(), "acc_1", token).SendAsync(
            new OutboundMessage("msg_1", "msg_1", Channel.Telegram, "acc_1", Bot, to, text, media ?? [], "conv_1", 1, DateTimeOffset.UtcNow,
                ReplyToProviderMessageId: replyTo), CancellationToken.None);

    [Fact]
    public async Task ATextGoesOutFromTheBotAndItsMessageIdComesBackAndAReplyNamesTheMessageItAnswers()
    {
        var written = await Fake.WriteAsync(Bot, Zoe, "Where is my order?");

        var accepted = Assert.IsType<SendResult.Accepted>(await SendAsync(replyTo: written.MessageId.ToString()));

        var sent = Assert.Single(Fake.Sent);
        Assert.Equal((Bot, Zoe, "sendmessage", "It ships today.", (long?)written.MessageId), (sent.BotId, sent.ChatId, sent.Method, sent.Text, sent.ReplyTo));
        Assert.Equal(sent.MessageId.ToString(), accepted.ProviderMessageId);
    }

    [Fact]
    public async Task AnUploadedFileGoesAsMultipartAndALinkAsTheUrlTelegramFetches()
    {
        _uploads.Files["med_1"] = new StoredMedia("med_1", "brd_1", "%PDF-1.7"u8.ToArray(), "application/pdf", "facture.pdf");
        Assert.IsType<SendResult.Accepted>(await SendAsync("Your invoice", media: [new MediaRef("document", "inbox-media:med_1")]));
        var sent = Assert.Single(Fake.Sent);
        Assert.Equal(("senddocument", "Your invoice"), (sent.Method, sent.Text));
        var file = Fake.File(sent.FileId!)!;
        Assert.Equal(("%PDF-1.7", "facture.pdf"), (System.Text.Encoding.UTF8.GetString(file.Content), file.FileName));

        await Task.Delay(1100); // the chat's own pace
        var call = Fake.Calls.Count;
        Assert.Equal(new SendResult.Invalid("Bad Request: failed to get HTTP URL content", "400"),
            await SendAsync(null, media: [new MediaRef("image", "https://nowhere.invalid/a.jpg")]));
        Assert.Equal("https://nowhere.invalid/a.jpg", Fake.Calls[call].Call.Text("photo"));
        Assert.IsType<SendResult.Invalid>(await SendAsync(media: [new MediaRef("image", "inbox-media:med_gone")]));
    }

    [Fact]
    public async Task BlockedUnknownChatAndAWrongTokenMapAsTelegramMeansThem()
    {
        await Fake.BlockAsync(Bot, Zoe);
        Assert.Equal(new SendResult.RecipientBlocked("Forbidden: bot was blocked by the user", "403"), await SendAsync());
        Assert.Equal(new SendResult.Undeliverable("400", "Bad Request: chat not found"), await SendAsync(to: "123"));
        var refused = Assert.IsType<SendResult.AuthFailed>(await SendAsync(token: "7000000001:AAHrevoked-token-of-the-right-shape"));
        Assert.Equal("401", refused.ProviderCode);
        Assert.Empty(Fake.Sent);
    }

    [Fact]
    public async Task ATimeoutAfterTheRequestWentOutMayHaveBeenSentAndIsMadeOnceWhileAnUnreachableApiIsTransient()
    {
        Fake.StallNext(TimeSpan.FromSeconds(20));
        var maybe = Assert.IsType<SendResult.MaybeSent>(await SendAsync(connection: Connection(timeout: TimeSpan.FromMilliseconds(500))));
        Assert.Contains("reached Telegram", maybe.Reason);
        Assert.Single(Fake.Calls);
        Assert.Single(Fake.Sent); // it did go out: a retry would have sent it twice

        // The chat counts as written to (it may have been), so a fresh pacer for these.
        Assert.IsType<SendResult.RecipientRateLimited>(await SendAsync());
        Assert.IsType<SendResult.Transient>(await SendAsync(connection: Connection(apiBase: "http://127.0.0.1:1", pacer: new())));
        Assert.IsType<SendResult.Transient>(await SendAsync(connection: Connection(apiBase: "http://api.telegram.invalid", pacer: new())));
    }

    [Fact]
    public async Task TheChatsPaceIsKeptWithoutAskingTelegramAndAFloodWaitPausesTheBotForRetryAfter()
    {
        Assert.IsType<SendResult.Accepted>(await SendAsync());
        var calls = Fake.Calls.Count;
        var held = Assert.IsType<SendResult.RecipientRateLimited>(await SendAsync());
        Assert.InRange(held.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(calls, Fake.Calls.Count); // never asked

        Fake.AddCustomer(new TelegramFakeCustomer(42, "Ana"), Bot, started: true);
        Fake.PauseBot(Bot, TimeSpan.FromSeconds(7));
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromSeconds(7), "429"), await SendAsync(to: "42"));
        // Telegram.Bot would have waited and retried on its own: it must not.
        Assert.Equal(calls + 1, Fake.Calls.Count);
    }

    [Fact]
    public async Task TheMediaSourceDownloadsAFileUnderTheBotLimitAndAnOverLimitOrUnknownFileIsGone()
    {
        var small = Fake.AddFile("photo", "jpeg-bytes"u8.ToArray());
        var large = Fake.AddFile("document", new byte[1001], "big.pdf", "application/pdf");
        var source = new TelegramMediaSource(Connection(), Token);

        var found = Assert.IsType<MediaFetch.Found>(await source.FetchAsync(new MediaRef("image", small.FileId), 1 << 20, CancellationToken.None));
        Assert.Equal(("jpeg-bytes", "image/jpeg"), (System.Text.Encoding.UTF8.GetString(found.Content), found.ContentType));
        Assert.Contains("file is too big", Assert.IsType<MediaFetch.Gone>(await source.FetchAsync(new MediaRef("document", large.FileId), 1 << 20, CancellationToken.None)).Reason);
        Assert.IsType<MediaFetch.Gone>(await source.FetchAsync(new MediaRef("image", "AgACAgQAAxkBAAnothing"), 1 << 20, CancellationToken.None));
        Assert.IsType<MediaFetch.TooLarge>(await source.FetchAsync(new MediaRef("image", small.FileId), 4, CancellationToken.None));
        Assert.IsType<MediaFetch.AuthFailed>(await new TelegramMediaSource(Connection(), "7000000001:AAHrevoked-token-of-the-right-shape")
            .FetchAsync(new MediaRef("image", small.FileId), 1 << 20, CancellationToken.None));
    }

    [Fact]
    public async Task ACallbackQueryIsAnsweredOnce()
    {
        await Fake.WriteAsync(Bot, Zoe, "hi");
        var keyboard = new { inline_keyboard = new[] { new[] { new { text = "Yes", callback_data = "yes" } } } };
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(new Uri(_server.BaseUrl, $"/bot{Token}/sendMessage"), new { chat_id = Zoe, text = "OK?", reply_markup = keyboard });
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["result"]!["message_id"]!.GetValue<long>();
        var pressed = await Fake.PressButtonAsync(Bot, Zoe, id, "yes");

        Assert.Null(await TelegramCallbacks.AnswerAsync(Connection(), Token, pressed.CallbackQueryId!, CancellationToken.None));
        Assert.Contains("query is too old", await TelegramCallbacks.AnswerAsync(Connection(), Token, pressed.CallbackQueryId!, CancellationToken.None));
        Assert.Equal(pressed.CallbackQueryId, Assert.Single(Fake.CallbackAnswers).QueryId);
    }

    private sealed class Uploads : IOutboundMedia
    {
        public Dictionary<string, StoredMedia> Files { get; } = [];

        public Task<StoredMedia?> OpenAsync(string id, CancellationToken cancellationToken) => Task.FromResult(Files.GetValueOrDefault(id));
    }
}
