using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Inbox.Silo.Accounts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inbox.Web.Tests.Media;

/// <summary>
/// A message's attachments over HTTP: inbound media fetched through the number's provider account on first
/// open and then served from the cache, a file the provider no longer has answered 410 with its reason (and not
/// asked for again), only for callers who may see the conversation; and files uploaded to send.
/// The providers' own media sources are tested against their fakes; here a scripted source stands in for them.
/// </summary>
public abstract class MediaProxyConformance
{
    private const string Bot = "7000000001";
    private const string Chat = "555001";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task InboundMediaIsFetchedOnceThroughTheProviderAndThenServedFromTheCache()
    {
        var source = new ScriptedMediaSource();
        source.Files["file-photo"] = new MediaFetch.Found([1, 2, 3, 4, 5], "image/jpeg", "photo.jpg");
        await using var app = App(source);
        var (api, _, message) = await MessageWithMediaAsync(app, "file-photo");

        var first = await api.GetAsync($"/api/v1/messages/{message}/media/0");
        var second = await api.GetAsync($"/api/v1/messages/{message}/media/0");

        foreach (var answer in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("image/jpeg", answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, await answer.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(["file-photo"], source.Asked);
    }

    [StoreFact]
    public async Task MediaTheProviderNoLongerHasIsGoneWithTheReasonAndIsNotAskedForAgain()
    {
        var source = new ScriptedMediaSource();
        source.Files["file-old"] = new MediaFetch.Gone("WhatsApp keeps media for 30 days; this file has expired.");
        await using var app = App(source);
        var (api, _, message) = await MessageWithMediaAsync(app, "file-old");

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var answer = await api.GetAsync($"/api/v1/messages/{message}/media/0");
            Assert.Equal(HttpStatusCode.Gone, answer.StatusCode);
            var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            Assert.Equal(("media_gone", "WhatsApp keeps media for 30 days; this file has expired."), (problem.Str("code"), problem.Str("detail")));
        }
        Assert.Equal(["file-old"], source.Asked);
    }

    [StoreFact]
    public async Task AProviderOutageIsAnsweredUnavailableAndTheNextOpenFetchesAgain()
    {
        var source = new ScriptedMediaSource();
        source.Files["file-flaky"] = new MediaFetch.Unavailable("The provider answered HTTP 503.");
        await using var app = App(source);
        var (api, _, message) = await MessageWithMediaAsync(app, "file-flaky");

        var down = await api.GetAsync($"/api/v1/messages/{message}/media/0");
        source.Files["file-flaky"] = new MediaFetch.Found([9, 9], "application/pdf", "a.pdf");
        var up = await api.GetAsync($"/api/v1/messages/{message}/media/0");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(new byte[] { 9, 9 }, await up.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, source.Asked.Count);
    }

    [StoreFact]
    public async Task OnlyCallersWhoMaySeeTheConversationGetItsMediaAndAnIndexOutOfRangeIsNotFound()
    {
        var source = new ScriptedMediaSource();
        source.Files["file-private"] = new MediaFetch.Found([7], "image/png");
        await using var app = App(source);
        var (api, _, message) = await MessageWithMediaAsync(app, "file-private");
        var owner = app.Client(InboxApp.OwnerKey);
        var other = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var stranger = app.Client((await owner.PostOkAsync($"/api/v1/brands/{other}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key"));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/messages/{message}/media/0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/messages/{message}/media/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/messages/msg_nope/media/0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync($"/api/v1/messages/{message}/media/0")).StatusCode);
        Assert.Empty(source.Asked);
    }

    [StoreFact]
    public async Task TheCacheKeepsToItsCapByLettingTheLeastRecentlyOpenedFileGo()
    {
        var source = new ScriptedMediaSource();
        source.Files["file-a"] = new MediaFetch.Found(new byte[1000], "image/jpeg");
        source.Files["file-b"] = new MediaFetch.Found(new byte[1000], "image/jpeg");
        await using var app = App(source, new Dictionary<string, string?> { ["Inbox:Media:CacheBytes"] = "1500" });
        var (api, conversation, a) = await MessageWithMediaAsync(app, "file-a");
        var b = await InboundWithMediaAsync(app, api, conversation, "file-b");

        await api.GetAsync($"/api/v1/messages/{a}/media/0");
        await api.GetAsync($"/api/v1/messages/{b}/media/0");
        await api.GetAsync($"/api/v1/messages/{b}/media/0");
        var again = await api.GetAsync($"/api/v1/messages/{a}/media/0");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["file-a", "file-b", "file-a"], source.Asked);
    }

    [StoreFact]
    public async Task AFileUploadedToSendIsNamedByItsInboxMediaIdAndOnlyItsBrandMaySendIt()
    {
        await using var app = App(new ScriptedMediaSource());
        var owner = app.Client(InboxApp.OwnerKey);
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "WhatsApp", address = "106540352242922", displayNumber = "+14255550199", purpose = "Support", providerAccount = "sandbox" });
        await owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound("106540352242922", "14255550123", "hi", "wamid." + Guid.NewGuid().ToString("N"), "WhatsApp") });
        var conversation = (await api.GetOkAsync("/api/v1/conversations?channel=WhatsApp"))["items"]![0]!.Str("id");

        var uploaded = await UploadAsync(api, brand, [0x25, 0x50, 0x44, 0x46], "application/pdf", "invoice 0042.pdf");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var file = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!;
        Assert.Equal(("document", "application/pdf", 4L, "invoice 0042.pdf"), (file.Str("type"), file.Str("mimeType"), file["size"]!.GetValue<long>(), file.Str("fileName")));
        Assert.StartsWith("inbox-media:", file.Str("providerMediaId"), StringComparison.Ordinal);

        var sent = await api.PostOkAsync($"/api/v1/conversations/{conversation}/messages",
            new { text = "Your invoice", media = new[] { new { type = "document", providerMediaId = file.Str("providerMediaId"), fileName = "invoice 0042.pdf" } } });
        var opened = await api.GetAsync($"/api/v1/messages/{sent.Str("id")}/media/0");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(new byte[] { 0x25, 0x50, 0x44, 0x46 }, await opened.Content.ReadAsByteArrayAsync());

        var other = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var theirs = JsonNode.Parse(await (await UploadAsync(owner, other, [1], "image/png", "x.png")).Content.ReadAsStringAsync())!;
        foreach (var id in new[] { theirs.Str("providerMediaId"), "inbox-media:med_nope" })
        {
            var refused = await api.PostAsync($"/api/v1/conversations/{conversation}/messages", Json(new { text = "x", media = new[] { new { type = "image", providerMediaId = id } } }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.Equal("unknown_media", problem.Str("code"));
            Assert.NotNull(problem["errors"]!["media"]);
        }
        var notALink = await api.PostAsync($"/api/v1/conversations/{conversation}/messages", Json(new { text = "x", media = new[] { new { type = "image", providerMediaId = "http://insecure.test/a.png" } } }));
        Assert.Equal(HttpStatusCode.BadRequest, notALink.StatusCode);
    }

    [StoreFact]
    public async Task AnUploadWithoutAFileOrOverTheLimitIsRefusedNamingTheProblem()
    {
        await using var app = App(new ScriptedMediaSource(), new Dictionary<string, string?> { ["Inbox:Media:MaxUploadBytes"] = "1000" });
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);

        var empty = await api.PostAsync($"/api/v1/brands/{brand}/media", new MultipartFormDataContent());
        var json = await api.PostAsync($"/api/v1/brands/{brand}/media", Json(new { file = "x" }));
        var large = await UploadAsync(api, brand, new byte[2000], "image/png", "big.png");
        var nothing = await UploadAsync(api, brand, [], "image/png", "empty.png");

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull(JsonNode.Parse(await empty.Content.ReadAsStringAsync())!["errors"]!["file"]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Contains("multipart/form-data", JsonNode.Parse(await json.Content.ReadAsStringAsync())!.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("file_too_large", JsonNode.Parse(await large.Content.ReadAsStringAsync())!.Str("code"));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
    }

    private InboxApp App(ScriptedMediaSource source, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Inbox:Media:CacheFolder"] = Path.Combine(Path.GetTempPath(), "inbox-media-tests", Guid.NewGuid().ToString("N")),
        };
        return new InboxApp(Store, all, services =>
        {
            services.RemoveAll<IMediaSourceFactory>();
            services.AddSingleton<IMediaSourceFactory>(source);
        });
    }

    /// <summary>A brand with a Telegram bot account and number, and a customer's photo through the webhook; returns the supervisor's client, the conversation and the message.</summary>
    private static async Task<(HttpClient Api, string Conversation, string Message)> MessageWithMediaAsync(InboxApp app, string fileId)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "TelegramBot", name = "Contoso bot", sharedWith = new[] { brand } })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Telegram", address = Bot, purpose = "Support", providerAccount = account });
        var api = app.Client((await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key"));
        var message = await InboundWithMediaAsync(app, api, null, fileId);
        var conversation = Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        return (api, conversation, message);
    }

    private static async Task<string> InboundWithMediaAsync(InboxApp app, HttpClient api, string? conversation, string fileId)
    {
        var key = "tg-" + Guid.NewGuid().ToString("N");
        var webhook = await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[]
        {
            new
            {
                kind = "Message", channel = "Telegram", numberAddress = Bot, senderAddress = Chat, dedupeKey = key, providerMessageId = key,
                providerTimestamp = DateTimeOffset.UtcNow, text = (string?)null,
                media = new[] { new { type = "image", providerMediaId = fileId, mimeType = "image/jpeg", size = 5 } },
            },
        });
        Assert.Equal("Accepted", webhook["outcomes"]![0]!.GetValue<string>());
        conversation ??= Assert.Single((await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray())!.Str("id");
        var thread = (await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages"))["items"]!.AsArray();
        return thread.Single(m => m!["media"]?.AsArray().Any(x => x!.Str("providerMediaId") == fileId) == true)!.Str("id");
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string brand, byte[] content, string type, string name)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        var form = new MultipartFormDataContent { { file, "file", name } };
        return client.PostAsync($"/api/v1/brands/{brand}/media", form);
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Answers each file id as scripted, for Telegram bot accounts, and records what it was asked for.</summary>
    private sealed class ScriptedMediaSource : IMediaSourceFactory, IMediaSource
    {
        private readonly ConcurrentQueue<string> _asked = new();

        public ConcurrentDictionary<string, MediaFetch> Files { get; } = new();

        public List<string> Asked => [.. _asked];

        public ProviderAccountKind Kind => ProviderAccountKind.TelegramBot;

        public IMediaSource Create(ProviderAccountView account) => this;

        public Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken)
        {
            _asked.Enqueue(media.ProviderMediaId);
            return Task.FromResult(Files.TryGetValue(media.ProviderMediaId, out var answer) ? answer : new MediaFetch.Gone("no such file"));
        }
    }
}

public sealed class SqliteMediaProxy : MediaProxyConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMediaProxy : MediaProxyConformance
{
    protected override string Store => Stores.Postgres;
}
