using System.Net;
using System.Net.Sockets;
using Inbox.Connectors.Fakes.Messenger;
using Inbox.Connectors.Messenger;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using static Inbox.Connectors.Tests.Messenger.MessengerFakeHarness;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>The sender against the fake over real HTTP: what goes out, from which Page, and what each refusal becomes.</summary>
public sealed class MessengerClientTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = MessengerServiceCollectionExtensions.ConnectTimeout });

    private static MessengerClient Client => new(Http, TimeProvider.System);

    private static MessengerPage PageOf(MessengerFakeHarness meta, string page = Page, string token = Token, TimeSpan? timeout = null) =>
        new(new MessengerGraph(meta.Server.GraphBase, "v23.0", timeout ?? TimeSpan.FromSeconds(10)), page, token);

    private static OutboundMessage Message(string? text = "Hi", string from = Page, bool humanAgent = false, DateTimeOffset? lastInbound = null, params MediaRef[] media) =>
        new("msg_1", "msg_1", Channel.Messenger, "acc_1", from, Psid, text, media, "conv_1", 1, DateTimeOffset.UtcNow,
            HumanAgentTag: humanAgent, LastInboundAt: lastInbound ?? DateTimeOffset.UtcNow);

    private sealed class Uploads(params StoredMedia[] files) : IOutboundMedia
    {
        public Task<StoredMedia?> OpenAsync(string id, CancellationToken cancellationToken) => Task.FromResult(files.FirstOrDefault(f => f.Id == id));
    }

    [Fact]
    public async Task A_reply_goes_from_its_page_as_a_response_and_is_accepted_under_metas_message_id()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);

        var result = await Client.SendAsync(PageOf(meta), Message("Café ✅"), null, CancellationToken.None);

        var sent = Assert.Single(meta.Fake.Sent);
        Assert.Equal(new SendResult.Accepted(sent.Mid), result);
        Assert.Equal((Page, Psid, "RESPONSE", (string?)null, "Café ✅"), (sent.PageId, sent.Psid, sent.MessagingType, sent.Tag, sent.Text));
    }

    [Fact]
    public async Task A_human_agents_reply_after_24_hours_is_tagged_and_meta_accepts_it_and_an_untagged_one_is_window_closed()
    {
        await using var meta = await StartAsync();
        var wrote = DateTimeOffset.UtcNow.AddDays(-2);
        meta.Fake.CustomerWroteAt(Page, Psid, wrote);

        var tagged = await Client.SendAsync(PageOf(meta), Message(humanAgent: true, lastInbound: wrote), null, CancellationToken.None);
        var untagged = await Client.SendAsync(PageOf(meta), Message(lastInbound: wrote), null, CancellationToken.None);

        Assert.IsType<SendResult.Accepted>(tagged);
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), (meta.Fake.Sent[0].MessagingType, meta.Fake.Sent[0].Tag));
        Assert.Equal("10/2018278", Assert.IsType<SendResult.WindowClosed>(untagged).ProviderCode);
    }

    [Fact]
    public async Task Media_goes_by_link_or_as_an_upload_each_its_own_message_and_the_text_last()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);
        var uploads = new Uploads(new StoredMedia("up_1", "brand_1", [1, 2, 3], "application/pdf", "invoice.pdf"));

        var result = await Client.SendAsync(PageOf(meta),
            Message("Here you are", media: [new MediaRef("image", "https://contoso.example/box.png"), new MediaRef("document", "inbox-media:up_1")]), uploads, CancellationToken.None);

        var sent = meta.Fake.Sent;
        Assert.Equal(3, sent.Count);
        Assert.Equal(("image", "https://contoso.example/box.png"), (sent[0].Attachment!.Type, sent[0].Attachment!.Url));
        Assert.Equal(("file", "application/pdf", "invoice.pdf"), (sent[1].Attachment!.Type, sent[1].Attachment!.Upload!.ContentType, sent[1].Attachment!.Upload!.FileName));
        Assert.Equal([1, 2, 3], sent[1].Attachment!.Upload!.Content);
        Assert.Equal("Here you are", sent[2].Text);
        Assert.Equal(new SendResult.Accepted(sent[2].Mid), result);
    }

    [Fact]
    public async Task An_upload_that_is_gone_is_invalid_and_nothing_is_sent()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);

        Assert.IsType<SendResult.Invalid>(await Client.SendAsync(PageOf(meta), Message(null, media: new MediaRef("image", "inbox-media:gone")), new Uploads(), CancellationToken.None));
        Assert.IsType<SendResult.Invalid>(await Client.SendAsync(PageOf(meta), Message(null, media: new MediaRef("image", "inbox-media:gone")), null, CancellationToken.None));
        Assert.Equal(0, meta.Fake.Requests);
    }

    [Fact]
    public async Task Meta_s_refusals_over_http_keep_their_codes()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);

        Assert.Equal("190", Assert.IsType<SendResult.AuthFailed>(await Client.SendAsync(PageOf(meta, token: "EAAGwrong"), Message(), null, default)).ProviderCode);
        Assert.Equal("100/33", Assert.IsType<SendResult.AuthFailed>(await Client.SendAsync(PageOf(meta, token: OtherToken), Message(), null, default)).ProviderCode);
        meta.Fake.FailNext(MessengerFakeError.SendRateLimit);
        Assert.Equal("613", Assert.IsType<SendResult.RateLimited>(await Client.SendAsync(PageOf(meta), Message(), null, default)).ProviderCode);
        meta.Fake.FailNext(MessengerFakeError.TemporaryFailure);
        Assert.IsType<SendResult.Transient>(await Client.SendAsync(PageOf(meta), Message(), null, default));
        meta.Fake.FailNext(MessengerFakeError.Unknown);
        Assert.IsType<SendResult.MaybeSent>(await Client.SendAsync(PageOf(meta), Message(), null, default));
        Assert.IsType<SendResult.Invalid>(await Client.SendAsync(PageOf(meta), Message(new string('x', 2001)), null, default));
        meta.Fake.Block(Page, Psid, MessengerFakeError.NotReceiving);
        Assert.Equal("10/2018108", Assert.IsType<SendResult.RecipientBlocked>(await Client.SendAsync(PageOf(meta), Message(), null, default)).ProviderCode);
        meta.Fake.Block(Page, Psid);
        Assert.Equal("551/1545041", Assert.IsType<SendResult.Undeliverable>(await Client.SendAsync(PageOf(meta), Message(), null, default)).ProviderCode);
        Assert.Empty(meta.Fake.Sent);
    }

    [Fact]
    public async Task A_number_that_is_not_the_accounts_page_has_no_sender_and_nothing_goes_out()
    {
        await using var meta = await StartAsync();

        Assert.IsType<SendResult.NoSender>(await Client.SendAsync(PageOf(meta), Message(from: OtherPage), null, default));
        Assert.Equal(0, meta.Fake.Requests);
    }

    [Fact]
    public async Task A_timeout_after_the_request_went_out_may_have_been_sent_and_meta_saw_it_once()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);
        meta.Fake.StallNext(TimeSpan.FromSeconds(20));

        var result = await Client.SendAsync(PageOf(meta, timeout: TimeSpan.FromMilliseconds(500)), Message(), null, CancellationToken.None);

        Assert.IsType<SendResult.MaybeSent>(result);
        Assert.Equal(1, meta.Fake.Requests);
        Assert.Single(meta.Fake.Sent);
    }

    [Fact]
    public async Task A_refused_connection_cannot_have_sent_anything_and_is_transient()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var page = new MessengerPage(new MessengerGraph(new Uri($"http://127.0.0.1:{port}/"), "v23.0", TimeSpan.FromSeconds(5)), Page, Token);

        Assert.IsType<SendResult.Transient>(await Client.SendAsync(page, Message(), null, CancellationToken.None));
    }

    [Fact]
    public async Task Mark_seen_goes_to_the_person_from_the_page_and_is_accepted()
    {
        await using var meta = await StartAsync();
        meta.Fake.CustomerWroteAt(Page, Psid, DateTimeOffset.UtcNow);
        var sender = new MessengerSender(Client, "acc_1", PageOf(meta), null);

        Assert.IsType<SendResult.Accepted>(await sender.MarkReadAsync(Page, Psid, "m_customer", CancellationToken.None));
        Assert.IsType<SendResult.NoSender>(await sender.MarkReadAsync(OtherPage, Psid, "m_customer", CancellationToken.None));
        Assert.Equal((Page, Psid, "mark_seen"), (meta.Fake.Actions.Single().PageId, meta.Fake.Actions.Single().Psid, meta.Fake.Actions.Single().Action));
    }
}
