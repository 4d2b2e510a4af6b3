using System.Text;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using static Inbox.Connectors.Tests.WhatsApp.WhatsAppFakeHarness;
using static Inbox.Connectors.Tests.WhatsApp.WhatsAppRequestsTests;

namespace Inbox.Connectors.Tests.WhatsApp;

/// <summary>The sender's client against the fake Cloud API over real HTTP on loopback.</summary>
public sealed class WhatsAppCloudClientTests
{
    private sealed class Uploads(params StoredMedia[] files) : IOutboundMedia
    {
        public Task<StoredMedia?> OpenAsync(string id, CancellationToken cancellationToken) => Task.FromResult(files.FirstOrDefault(f => f.Id == id));
    }

    private static WhatsAppAccount Account(WhatsAppFakeHarness wa, string token = ContosoToken) => new(wa.Server.GraphBase, "v23.0", token, ContosoAccount);

    private static WhatsAppCloudClient Client(TimeSpan? timeout = null) => new(new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) });

    private static OutboundMessage To(string text, IReadOnlyList<MediaRef>? media = null, TemplateUse? template = null, string? replyTo = null) =>
        Message(text, media, template, replyTo) with { From = ContosoNumber, To = "+" + Customer };

    private static async Task<WhatsAppFakeHarness> WithCustomerAsync()
    {
        var wa = await StartAsync();
        await wa.Fake.CustomerSendsAsync(ContosoNumber, Customer, "hello");
        return wa;
    }

    [Fact]
    public async Task AReplyInContextIsAcceptedWithTheFakesWamidFromTheNumber()
    {
        await using var wa = await WithCustomerAsync();

        var result = await Client().SendAsync(Account(wa), To("It ships today", replyTo: "wamid.IN1"), null, default);

        var sent = Assert.Single(wa.Fake.Sent);
        Assert.Equal(new SendResult.Accepted(sent.Id), result);
        Assert.Equal((ContosoNumber, Customer, "It ships today", "wamid.IN1"), (sent.PhoneNumberId, sent.WaId, sent.Text, sent.ReplyTo));
    }

    [Fact]
    public async Task AnUploadedFileIsUploadedToTheNumbersMediaThenSentById()
    {
        await using var wa = await WithCustomerAsync();
        var pdf = Encoding.UTF8.GetBytes("%PDF-1.4 receipt");
        var uploads = new Uploads(new StoredMedia("up_1", "brand_1", pdf, "application/pdf", "receipt.pdf"));

        var result = await Client().SendAsync(Account(wa), To("Your receipt", [new MediaRef("document", "inbox-media:up_1", FileName: "receipt.pdf")]), uploads, default);

        Assert.IsType<SendResult.Accepted>(result);
        var sent = Assert.Single(wa.Fake.Sent);
        var stored = Assert.Single(wa.Fake.Media);
        Assert.Equal((stored.Id, "Your receipt"), (sent.Media!.Id, sent.Text));
        Assert.Equal(pdf, stored.Content);
        Assert.IsType<SendResult.Invalid>(await Client().SendAsync(Account(wa), To("x", [new MediaRef("document", "inbox-media:gone")]), uploads, default));
        Assert.IsType<SendResult.Invalid>(await Client().SendAsync(Account(wa), To("x", [new MediaRef("image", "http://plain.example/a.jpg")]), uploads, default));
        var link = await Client().SendAsync(Account(wa), To("look", [new MediaRef("image", "https://cdn.example/a.jpg")]), null, default);
        Assert.IsType<SendResult.Accepted>(link);
        Assert.Equal("https://cdn.example/a.jpg", wa.Fake.Sent[^1].Media!.Link);
    }

    [Fact]
    public async Task ATemplateGoesOutsideTheWindowAndFreeFormThereFailsByStatus()
    {
        await using var wa = await StartAsync();

        var template = await Client().SendAsync(Account(wa), To("", template: new TemplateUse("order_update", "en_US", ["Ana", "#1"])), null, default);
        var wrong = await Client().SendAsync(Account(wa), To("", template: new TemplateUse("order_update", "en_US", ["Ana"])), null, default);

        Assert.IsType<SendResult.Accepted>(template);
        Assert.Equal("Hi Ana, your order #1 ships today.", wa.Fake.Sent[0].Text);
        Assert.Equal("132000", ((SendResult.Invalid)wrong).ProviderCode);
    }

    [Fact]
    public async Task AWrongTokenIsAuthFailed190AndAnotherBusinessesTokenCannotUseTheNumber()
    {
        await using var wa = await WithCustomerAsync();

        var wrong = await Client().SendAsync(Account(wa, "EAAG-wrong"), To("hi"), null, default);
        var other = await Client().SendAsync(Account(wa, FabrikamToken), To("hi"), null, default);

        Assert.Equal("190", ((SendResult.AuthFailed)wrong).ProviderCode);
        Assert.Equal("100", ((SendResult.AuthFailed)other).ProviderCode);
        Assert.Empty(wa.Fake.Sent);
    }

    [Fact]
    public async Task ATimeoutAfterTheRequestWentOutMayHaveSentAndAConnectionRefusedIsRetryable()
    {
        await using var wa = await WithCustomerAsync();
        wa.Fake.StallNext();

        var stalled = await Client(TimeSpan.FromMilliseconds(500)).SendAsync(Account(wa), To("hi"), null, default);
        wa.Fake.DropNext();
        var dropped = await Client().SendAsync(Account(wa), To("hi again"), null, default);
        var refused = await Client().SendAsync(new WhatsAppAccount(new Uri("http://127.0.0.1:1"), "v23.0", ContosoToken, null), To("hi"), null, default);

        Assert.IsType<SendResult.MaybeSent>(stalled);
        Assert.IsType<SendResult.MaybeSent>(dropped);
        Assert.Equal(2, wa.Fake.Sent.Count);
        Assert.Equal(2, wa.Fake.MessageRequests);
        Assert.IsType<SendResult.Transient>(refused);
    }

    [Fact]
    public async Task MarkReadMarksTheCustomersMessage()
    {
        await using var wa = await StartAsync();
        var (id, _) = await wa.Fake.CustomerSendsAsync(ContosoNumber, Customer, "hello");
        var sender = new WhatsAppSender(Client(), "acc_1", Account(wa), null);

        var result = await sender.MarkReadAsync(ContosoNumber, "+" + Customer, id, default);

        Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal((ContosoNumber, id), Assert.Single(wa.Fake.ReadMarks));
    }

    [Fact]
    public async Task ACustomersMediaIsFetchedWithTheTokenAndExpiredOrOversizedIsSaidSo()
    {
        await using var wa = await StartAsync();
        var jpeg = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var (_, mediaId, _) = await wa.Fake.CustomerSendsMediaAsync(ContosoNumber, Customer, "image", jpeg, "image/jpeg", "the dent");
        var source = new WhatsAppMediaSource(Client(), Account(wa));

        var found = Assert.IsType<MediaFetch.Found>(await source.FetchAsync(new MediaRef("image", mediaId), 1 << 20, default));
        var tooLarge = await source.FetchAsync(new MediaRef("image", mediaId), 100, default);
        var wrongToken = await new WhatsAppMediaSource(Client(), Account(wa, "EAAG-wrong")).FetchAsync(new MediaRef("image", mediaId), 1 << 20, default);
        wa.Fake.ExpireMedia(mediaId);
        var gone = await source.FetchAsync(new MediaRef("image", mediaId), 1 << 20, default);

        Assert.Equal(jpeg, found.Content);
        Assert.Equal("image/jpeg", found.ContentType);
        Assert.Equal(5000, Assert.IsType<MediaFetch.TooLarge>(tooLarge).Size);
        Assert.IsType<MediaFetch.AuthFailed>(wrongToken);
        Assert.Contains("30 days", Assert.IsType<MediaFetch.Gone>(gone).Reason);
    }

    [Fact]
    public async Task TheBusinessAccountsTemplatesAreListedAcrossPages()
    {
        var options = Options();
        for (var i = 0; i < 120; i++) options.Templates.Add(new(ContosoAccount, $"bulk_{i:000}", "en_US", "Bulk {{1}}"));
        await using var wa = await StartAsync(options);

        var list = await Client().TemplatesAsync(Account(wa), default);
        var refused = await Client().TemplatesAsync(Account(wa, "EAAG-wrong"), default);

        Assert.Null(list.Problem);
        Assert.Equal(123, list.Templates!.Count);
        Assert.Contains(list.Templates, t => t is { Name: "order_update", Language: "fr_FR", Status: "APPROVED" } && t.Body!.StartsWith("Bonjour {{1}}"));
        Assert.True(refused.AuthProblem);
    }
}
