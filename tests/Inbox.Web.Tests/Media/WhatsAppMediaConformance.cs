using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Connectors.Fakes.WhatsApp;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Media;

/// <summary>
/// The media proxy against the faithful WhatsApp fake, over HTTP end to end: a customer's photo arrives through the
/// signed webhook as a media id; opening it asks the Graph API for the id's URL and downloads it with the business
/// account's token, once; media the fake has expired (as Meta does after 30 days) is 410 with WhatsApp's reason.
/// </summary>
public abstract class WhatsAppMediaConformance
{
    private const string AppSecret = "fake-meta-app-secret-for-media-e2e";
    private const string Number = "106540352242922";
    private const string Waba = "102290129340398";
    private const string Token = "EAAG-contoso-system-user-token-media-0001";
    private const string Customer = "+14255550123";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ACustomersPhotoIsFetchedFromWhatsAppOnceAndExpiredMediaIsGoneWithTheReason()
    {
        await using var wa = await WhatsAppFakeServer.StartAsync(new WhatsAppFakeOptions
        {
            AppSecret = AppSecret, Numbers = [new(Number, "+1 425-555-0181", Waba, Token)], StatusDelay = TimeSpan.FromMilliseconds(30),
        });
        await using var app = new InboxApp(Store, new Dictionary<string, string?>
        {
            ["Inbox:Providers:Meta:Apps:demo:AppSecret"] = AppSecret,
            ["Inbox:Providers:Meta:Apps:demo:VerifyToken"] = "verify-media",
            ["Inbox:Providers:Meta:GraphApiBase"] = wa.GraphBase.ToString(),
            ["Inbox:Providers:Meta:GraphApiVersion"] = "v23.0",
            ["Inbox:Media:CacheFolder"] = Path.Combine(Path.GetTempPath(), "inbox-media-tests", Guid.NewGuid().ToString("N")),
        });
        wa.Fake.WebhookUrl = new Uri($"{app.BaseUrl}/webhooks/whatsapp");
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "WhatsAppBusinessAccount", name = "Contoso WhatsApp", brandId = brand })).Str("id");
        (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { accessToken = Token, businessAccountId = Waba, metaAppId = "demo" })).EnsureSuccessStatusCode();
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "WhatsApp", address = Number, displayNumber = "+14255550181", purpose = "Support", providerAccount = account });
        var api = app.Client((await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key"));
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46];

        var (_, photoId, sent) = await wa.Fake.CustomerSendsMediaAsync(Number, Customer, "image", photo, "image/jpeg", "the broken part");
        var (_, oldId, sentOld) = await wa.Fake.CustomerSendsMediaAsync(Number, Customer, "document", [1, 2, 3], "application/pdf", fileName: "receipt.pdf");
        Assert.True(sent.Accepted && sentOld.Accepted, sent.Problem ?? sentOld.Problem);
        wa.Fake.ExpireMedia(oldId);
        var conversation = Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        var thread = (await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages"))["items"]!.AsArray();
        string MessageOf(string mediaId) => thread.Single(m => m!["media"]?.AsArray().Any(x => x!.Str("providerMediaId") == mediaId) == true)!.Str("id");

        var first = await api.GetAsync($"/api/v1/messages/{MessageOf(photoId)}/media/0");
        var downloads = wa.Fake.MediaDownloads;
        var second = await api.GetAsync($"/api/v1/messages/{MessageOf(photoId)}/media/0");
        var gone = await api.GetAsync($"/api/v1/messages/{MessageOf(oldId)}/media/0");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo, await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(photo, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(downloads, wa.Fake.MediaDownloads); // the second open came from the cache
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var problem = JsonNode.Parse(await gone.Content.ReadAsStringAsync())!;
        Assert.Equal("media_gone", problem.Str("code"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("detail")));
        Assert.DoesNotContain(Token, problem.ToJsonString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteWhatsAppMedia : WhatsAppMediaConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresWhatsAppMedia : WhatsAppMediaConformance
{
    protected override string Store => Stores.Postgres;
}
