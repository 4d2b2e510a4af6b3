using System.Text.Json.Nodes;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>
/// Each field the inbound contract carries beyond text goes in through <c>POST /webhooks/events</c> and comes back out of the
/// thread (<c>GET /conversations/{id}/messages</c>) over real HTTP: places, contact cards, media details, replies and reactions.
/// </summary>
public abstract class MessageContextApiConformance
{
    private const string Number = "+14255550100";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ALocationContactCardsMediaDetailsAndAReplyComeBackInTheThread()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app, Number);
        var now = DateTimeOffset.UtcNow;
        // As a connector hands them over: JSON escapes of "/" and of non-ASCII text, several events in one body.
        var body = $$$"""
            [{"kind":"Message","channel":"Sms","numberAddress":"{{{Number}}}","senderAddress":"+14255550123","dedupeKey":"SM-loc","providerMessageId":"SM-loc",
              "providerTimestamp":"{{{now.AddSeconds(-3):O}}}","location":{"latitude":48.8583701,"longitude":2.2944813,"name":"Caf\u00e9 de la Tour",
              "address":"5 Av. Anatole France, Paris","url":"https:\/\/maps.example.test\/?q=tour"}},
             {"kind":"Message","channel":"Sms","numberAddress":"{{{Number}}}","senderAddress":"+14255550123","dedupeKey":"SM-card","providerMessageId":"SM-card",
              "providerTimestamp":"{{{now.AddSeconds(-2):O}}}","contacts":[{"name":"Zo\u00eb M\u00fcller","phones":["+14255550177","+14255550178"],
              "emails":["zoe@example.test"],"organization":"Contoso"},{"name":"Ben","phones":["+14255550179"]}]},
             {"kind":"Message","channel":"Sms","numberAddress":"{{{Number}}}","senderAddress":"+14255550123","dedupeKey":"SM-doc","providerMessageId":"SM-doc",
              "providerTimestamp":"{{{now.AddSeconds(-1):O}}}","text":"the invoice","replyToProviderMessageId":"SM-loc",
              "media":[{"type":"document","providerMediaId":"media-42","mimeType":"application\/pdf","size":48213,"fileName":"facture-0042 \u00e9t\u00e9.pdf"}]},
             {"kind":"Message","channel":"Sms","numberAddress":"{{{Number}}}","senderAddress":"+14255550123","dedupeKey":"SM-re","providerMessageId":"SM-re",
              "providerTimestamp":"{{{now:O}}}","text":"re: an old one","replyToProviderMessageId":"SM-from-before-inbox"}]
            """;

        var answer = await (await app.Client(InboxApp.OwnerKey).PostAsync("/webhooks/events", Seed.JsonBody(body))).ReadNodeAsync();

        Assert.Equal(["Accepted", "Accepted", "Accepted", "Accepted"], answer["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        var thread = await ThreadAsync(app.Client(key), conversation);
        var place = ByProviderId(thread, "SM-loc")["location"]!;
        Assert.Equal((48.8583701, 2.2944813), (place["latitude"]!.GetValue<double>(), place["longitude"]!.GetValue<double>()));
        Assert.Equal(("Café de la Tour", "5 Av. Anatole France, Paris", "https://maps.example.test/?q=tour"), (place.Str("name"), place.Str("address"), place.Str("url")));
        var cards = ByProviderId(thread, "SM-card")["contacts"]!.AsArray();
        Assert.Equal(["Zoë Müller", "Ben"], cards.Select(c => c.Str("name")));
        Assert.Equal(["+14255550177", "+14255550178"], cards[0]!["phones"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(("zoe@example.test", "Contoso"), (cards[0]!["emails"]![0]!.GetValue<string>(), cards[0].Str("organization")));
        var document = ByProviderId(thread, "SM-doc");
        var media = document["media"]![0]!;
        Assert.Equal(("document", "media-42", "application/pdf", 48213L, "facture-0042 été.pdf"),
            (media.Str("type"), media.Str("providerMediaId"), media.Str("mimeType"), media["size"]!.GetValue<long>(), media.Str("fileName")));
        Assert.Equal(("SM-loc", ByProviderId(thread, "SM-loc").Str("id")), (document["replyTo"].Str("providerMessageId"), document["replyTo"].Str("messageId")));
        var unknown = ByProviderId(thread, "SM-re")["replyTo"]!;
        Assert.Equal("SM-from-before-inbox", unknown.Str("providerMessageId"));
        Assert.Null(unknown["messageId"]);
        Assert.Null(ByProviderId(thread, "SM-doc")["location"]);
    }

    [StoreFact]
    public async Task AReactionIsSetReplacedAndTakenAwayAndARedeliveryAddsNothing()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app, Number);
        var owner = app.Client(InboxApp.OwnerKey);
        var api = app.Client(key);
        var t = DateTimeOffset.UtcNow;
        await owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(Number, "+14255550123", "did it ship?", "SM-1") });
        var before = await api.GetOkAsync($"/api/v1/conversations/{conversation}");
        var count = (await ThreadAsync(api, conversation)).Count;

        Assert.Equal("Applied", await PostOneAsync(owner, Reaction("R-1", "SM-1", "\\ud83d\\udc4d", t)));
        Assert.Equal(["👍"], Emojis(await ThreadAsync(api, conversation)));
        Assert.Equal("Applied", await PostOneAsync(owner, Reaction("R-2", "SM-1", "\\u2764\\ufe0f", t.AddSeconds(2))));
        Assert.Equal(["❤️"], Emojis(await ThreadAsync(api, conversation)));

        Assert.Equal("Duplicate", await PostOneAsync(owner, Reaction("R-1", "SM-1", "\\ud83d\\udc4d", t)));
        Assert.Equal(["❤️"], Emojis(await ThreadAsync(api, conversation)));
        Assert.Equal("Applied", await PostOneAsync(owner, Reaction("R-3", "SM-1", "", t.AddSeconds(4))));
        Assert.Empty(Emojis(await ThreadAsync(api, conversation)));
        Assert.Equal("Duplicate", await PostOneAsync(owner, Reaction("R-2", "SM-1", "\\u2764\\ufe0f", t.AddSeconds(2))));
        Assert.Empty(Emojis(await ThreadAsync(api, conversation)));

        Assert.Equal(count, (await ThreadAsync(api, conversation)).Count);
        var after = await api.GetOkAsync($"/api/v1/conversations/{conversation}");
        Assert.Equal((before["unread"]!.GetValue<int>(), before.Str("lastActivityAt"), before.Str("preview")),
            (after["unread"]!.GetValue<int>(), after.Str("lastActivityAt"), after.Str("preview")));
    }

    [StoreFact]
    public async Task AReactionWithoutItsMessageAndAPlaceOffTheGlobeAreKeptInUnroutedWithTheirCodes()
    {
        await using var app = new InboxApp(Store);
        await Seed.BrandWithConversationAsync(app, Number);
        var owner = app.Client(InboxApp.OwnerKey);
        var body = $$$"""
            [{"kind":"Reaction","channel":"Sms","numberAddress":"{{{Number}}}","senderAddress":"+14255550123","dedupeKey":"R-x","providerTimestamp":"{{{DateTimeOffset.UtcNow:O}}}","reaction":"x"},
             {"kind":"Message","channel":"Sms","numberAddress":"{{{Number}}}","senderAddress":"+14255550123","dedupeKey":"SM-x","providerTimestamp":"{{{DateTimeOffset.UtcNow:O}}}",
              "location":{"latitude":123.4,"longitude":0}}]
            """;

        var answer = await (await owner.PostAsync("/webhooks/events", Seed.JsonBody(body))).ReadNodeAsync();

        Assert.Equal(["bad_reaction", "bad_location"], answer["results"]!.AsArray().Select(r => r.Str("code")));
        var kept = (await owner.GetOkAsync("/api/v1/unrouted")).AsArray();
        Assert.Equal(["bad_location", "bad_reaction"], kept.Select(k => k.Str("code")).Order());
    }

    private static string Reaction(string key, string target, string escapedEmoji, DateTimeOffset at) => $$"""
        [{"kind":"Reaction","channel":"Sms","numberAddress":"{{Number}}","senderAddress":"+14255550123","dedupeKey":"{{key}}","providerMessageId":"{{target}}",
          "providerTimestamp":"{{at:O}}","reaction":"{{escapedEmoji}}"}]
        """;

    private static async Task<string> PostOneAsync(HttpClient owner, string body)
    {
        var response = await owner.PostAsync("/webhooks/events", Seed.JsonBody(body));
        response.EnsureSuccessStatusCode();
        return (await response.ReadNodeAsync())["outcomes"]![0]!.GetValue<string>();
    }

    private static async Task<IReadOnlyList<JsonNode>> ThreadAsync(HttpClient api, string conversation) =>
        (await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages"))["items"]!.AsArray().Select(m => m!).ToArray();

    private static JsonNode ByProviderId(IReadOnlyList<JsonNode> thread, string providerMessageId) =>
        thread.Single(m => m["providerMessageId"]?.GetValue<string>() == providerMessageId);

    private static string[] Emojis(IReadOnlyList<JsonNode> thread) =>
        ByProviderId(thread, "SM-1")["reactions"]!.AsArray().Select(r => r.Str("emoji")).ToArray();
}

public sealed class SqliteMessageContextApi : MessageContextApiConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMessageContextApi : MessageContextApiConformance
{
    protected override string Store => Stores.Postgres;
}
