using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Webhooks;

/// <summary>
/// /webhooks/whatsapp and /webhooks/messenger over real HTTP with Meta's own bytes: the handshake, the
/// signature checked before anything is read, each event kind landing where it belongs, batches across
/// brands, redeliveries, statuses out of order, and what is answered for what cannot be taken.
/// </summary>
public abstract class MetaWebhooksConformance
{
    protected abstract string Store { get; }

    private InboxApp Start() => new(Store, Meta.Settings);

    [StoreFact]
    public async Task TheHandshakeEchoesTheChallengeOnlyForAKnownVerifyToken()
    {
        await using var app = Start();
        var client = app.Client();
        foreach (var path in new[] { "/webhooks/whatsapp", "/webhooks/messenger" })
        {
            var right = await client.GetAsync($"{path}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={Meta.SecondToken}");
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Equal("text/plain", right.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1158201444", await right.Content.ReadAsStringAsync());

            await (await client.GetAsync($"{path}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=guessed")).AssertProblemAsync(HttpStatusCode.Forbidden, "bad_verify_token");
            await (await client.GetAsync($"{path}?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token={Meta.FirstToken}")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"{path}?hub.mode=subscribe&hub.challenge=1")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"{path}?hub.mode=subscribe&hub.challenge=1&hub.verify_token={Meta.FirstSecret}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [StoreFact]
    public async Task ABodySignedByNoKnownAppIsRefusedAndNothingIsStored()
    {
        await using var app = Start();
        await Meta.BrandsAsync(app);
        var client = app.Client();
        foreach (var (path, fixture) in new[] { ("/webhooks/whatsapp", "whatsapp-text.json"), ("/webhooks/messenger", "messenger-message.json") })
        {
            var body = Meta.Fixture(fixture);
            var good = Meta.Sign(body, Meta.FirstSecret);
            var refused = new[]
            {
                null, "", Meta.Sign(body, "an-unknown-apps-secret"), Meta.Sign(Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[]}"), Meta.FirstSecret),
                "sha256=" + new string('0', 64), good[..^1], good + "0", good[..^2] + "zz", good.Replace("sha256=", "sha1="),
                "sha1=" + new string('a', 40), good.Replace("sha256=", ""), good.ToUpperInvariant(),
            };
            foreach (var signature in refused)
                await (await Meta.PostAsync(client, path, body, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature");
            // Signed over the bytes as sent: the same JSON re-serialised (the escapes undone) is another body.
            var reserialised = Encoding.UTF8.GetBytes(JsonNode.Parse(body)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            await (await Meta.PostAsync(client, path, reserialised, good)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Empty(await Meta.MessagesAsync(app));
        Assert.Empty(await Meta.UnroutedAsync(app));
        Assert.Equal(["Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-text.json"), Meta.SecondSecret));
    }

    [StoreFact]
    public async Task EachWhatsAppKindLandsInItsThread()
    {
        await using var app = Start();
        var (contoso, _) = await Meta.BrandsAsync(app);
        var client = app.Client();

        Assert.Equal(["Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-text.json")));
        Assert.Equal(["Accepted", "Accepted", "Accepted", "Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-media.json")));
        var replies = await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-replies.json"));
        var places = await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-location-contacts.json"));

        // The reactions name a message Inbox never had (wamid.OUT-MENU): each is kept, parked for it (Pending).
        Assert.Equal(["Accepted", "Accepted", "Accepted", "Pending", "Pending", "Accepted"], replies);
        Assert.Equal(["Accepted", "Accepted"], places);
        var messages = await Meta.MessagesAsync(app, contoso);
        var place = ByProviderId(messages, "wamid.LOC1")["location"]!;
        Assert.Equal((48.8686, 2.3314), (place["latitude"]!.GetValue<double>(), place["longitude"]!.GetValue<double>()));
        Assert.Equal(("Café de la Paix", "1 Rue de la Paix, Paris", "https://cafe.example/"), (place.Str("name"), place.Str("address"), place.Str("url")));
        Assert.Null(ByProviderId(messages, "wamid.LOC1")["text"]);
        var card = Assert.Single(ByProviderId(messages, "wamid.VCARD1")["contacts"]!.AsArray())!;
        Assert.Equal(("José García", "Fabrikam"), (card.Str("name"), card.Str("organization")));
        Assert.Equal(["+1 425 555 0199"], card["phones"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["jose@fabrikam.example"], card["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        // Each answer in context names the message it answers; that one is not in the thread, so no id of ours.
        foreach (var (id, answered) in new[] { ("wamid.BTN1", "wamid.OUT-MENU"), ("wamid.LIST1", "wamid.OUT-LIST"), ("wamid.QR1", "wamid.OUT-TEMPLATE"), ("wamid.REPLY1", "wamid.OUT-MENU") })
        {
            var replyTo = ByProviderId(messages, id)["replyTo"]!;
            Assert.Equal(answered, replyTo.Str("providerMessageId"));
            Assert.Null(replyTo["messageId"]);
        }
        Assert.Null(ByProviderId(messages, "wamid.LOC1")["replyTo"]);
        Assert.DoesNotContain(messages, m => m["providerMessageId"]?.GetValue<string>() is "wamid.REACT1" or "wamid.UNREACT1");
        Assert.All(messages, m => Assert.Empty(m["reactions"]!.AsArray()));
        Assert.Contains(messages, m => m["text"]?.GetValue<string>() == "Café order #1234 — shipped? See https://contoso.example/o/1234");
        var document = messages.SelectMany(m => m["media"]!.AsArray()).Single(m => m!.Str("type") == "document")!;
        Assert.Equal(("1198457212345678", "application/pdf", "reçu-1234.pdf", 48213), (document.Str("providerMediaId"), document.Str("mimeType"), document.Str("fileName"), document["size"]!.GetValue<int>()));
        Assert.Contains(messages, m => m["media"]!.AsArray().Any(x => x!.Str("type") == "voice"));
        Assert.Contains(messages, m => m["text"]?.GetValue<string>() is "Merci !");
    }

    [StoreFact]
    public async Task AReactionToTheBrandsReplyIsAppliedAndTakenAwayAndAReplyInContextFindsTheMessageItAnswers()
    {
        await using var app = Start();
        var (contoso, _) = await Meta.BrandsAsync(app);
        var client = app.Client();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(["Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", WhatsApp(
            $$"""{"from":"14255550123","id":"wamid.ASK","timestamp":"{{now - 5}}","text":{"body":"Is it in stock?"},"type":"text"}""")));
        var owner = app.Client(InboxApp.OwnerKey);
        var conversation = (await owner.GetOkAsync($"/api/v1/conversations?brandId={contoso}"))["items"]![0]!.Str("id");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { text = "Yes, two left" })).StatusCode);
        JsonNode? sent = null;
        await Eventually.True(async () => (sent = (await Meta.MessagesAsync(app, contoso)).FirstOrDefault(m => m["direction"]?.GetValue<string>() == "Outbound" && m["providerMessageId"] is not null)) is not null, "the reply is sent");
        var ours = sent!.Str("providerMessageId");
        var unread = (await owner.GetOkAsync($"/api/v1/conversations/{conversation}"))["unread"]!.GetValue<int>();

        var reacted = await Meta.PostSignedAsync(client, "/webhooks/whatsapp", WhatsApp(
            $$$"""{"from":"14255550123","id":"wamid.R1","timestamp":"{{{now}}}","type":"reaction","reaction":{"message_id":"{{{ours}}}","emoji":"\ud83d\udc4d"}}""",
            $$"""{"context":{"from":"14255550181","id":"wamid.ASK"},"from":"14255550123","id":"wamid.RE1","timestamp":"{{now + 1}}","text":{"body":"I meant the blue one"},"type":"text"}"""));

        Assert.Equal(["Applied", "Accepted"], reacted);
        var messages = await Meta.MessagesAsync(app, contoso);
        var reaction = Assert.Single(ByProviderId(messages, ours)["reactions"]!.AsArray())!;
        Assert.Equal("👍", reaction.Str("emoji"));
        Assert.False(string.IsNullOrEmpty(reaction.Str("contactId")));
        var replyTo = ByProviderId(messages, "wamid.RE1")["replyTo"]!;
        Assert.Equal(("wamid.ASK", ByProviderId(messages, "wamid.ASK").Str("id")), (replyTo.Str("providerMessageId"), replyTo.Str("messageId")));
        Assert.Equal(3, messages.Count); // the reaction is no message of its own
        Assert.Equal(unread + 1, (await owner.GetOkAsync($"/api/v1/conversations/{conversation}"))["unread"]!.GetValue<int>()); // the reply counts, the reaction does not

        var removal = WhatsApp($$$"""{"from":"14255550123","id":"wamid.R2","timestamp":"{{{now + 2}}}","type":"reaction","reaction":{"message_id":"{{{ours}}}"}}""");
        Assert.Equal(["Applied"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", removal));
        Assert.Empty(ByProviderId(await Meta.MessagesAsync(app, contoso), ours)["reactions"]!.AsArray());
        Assert.Equal(["Duplicate"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", removal));
    }

    [StoreFact]
    public async Task EachMessengerKindLandsAndAnEchoIsTheBrandsOwnMessageStoredOnce()
    {
        await using var app = Start();
        var (contoso, _) = await Meta.BrandsAsync(app);
        var client = app.Client();

        Assert.Equal(["Accepted", "Accepted", "Accepted", "Accepted"], await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-message.json")));
        var actions = await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-actions.json"));
        Assert.Equal("Accepted", actions[0]);
        Assert.Equal(3, actions.Length);
        var echo = Meta.Fixture("messenger-echo.json");
        Assert.Single(await Meta.PostSignedAsync(client, "/webhooks/messenger", echo));
        Assert.Equal(["Duplicate"], await Meta.PostSignedAsync(client, "/webhooks/messenger", echo));
        Assert.Equal(3, (await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-receipts.json"))).Length);

        var messages = await Meta.MessagesAsync(app, contoso);
        var echoed = Assert.Single(messages, m => m["text"]?.GetValue<string>() == "Typed in Page Inbox: your order left the warehouse ✅");
        Assert.Equal("Outbound", echoed.Str("direction"));
        Assert.Contains(messages, m => m["text"]?.GetValue<string>() == "Où est ma commande ?" && m["direction"]?.GetValue<string>() == "Inbound");
        Assert.Contains(messages, m => m["media"]!.AsArray().Any(x => x!.Str("providerMediaId") == "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=00_abc"));
    }

    [StoreFact]
    public async Task AnEchoOfAMessageInboxSentThroughTheSigningAppIsNotStoredAgain()
    {
        var settings = Meta.Settings;
        settings["Inbox:Providers:Meta:Apps:inbox:AppId"] = "263902037430900";
        settings["Inbox:Providers:Meta:Apps:inbox:AppSecret"] = "inbox-own-app-secret-11";
        settings["Inbox:Providers:Meta:Apps:inbox:VerifyToken"] = "inbox-own-verify-22";
        await using var app = new InboxApp(Store, settings);
        await Meta.BrandsAsync(app);

        Assert.Empty(await Meta.PostSignedAsync(app.Client(), "/webhooks/messenger", Meta.Fixture("messenger-echo.json"), "inbox-own-app-secret-11"));

        Assert.Empty(await Meta.MessagesAsync(app));
    }

    [StoreFact]
    public async Task ABatchNamingNumbersOfTwoBrandsRoutesEachToItsBrand()
    {
        await using var app = Start();
        var (contoso, fabrikam) = await Meta.BrandsAsync(app);
        var client = app.Client();

        Assert.Equal(["Accepted", "Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-batch.json")));
        Assert.Equal(["Accepted", "Accepted"], await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-batch.json")));

        Assert.Equal(["For Contoso", "For Contoso"], (await Meta.MessagesAsync(app, contoso)).Select(m => m.Str("text")));
        Assert.Equal(["För Fabrikam", "För Fabrikam"], (await Meta.MessagesAsync(app, fabrikam)).Select(m => m.Str("text")));
    }

    [StoreFact]
    public async Task ARedeliveryInAnotherBatchAddsNothing()
    {
        await using var app = Start();
        var (contoso, _) = await Meta.BrandsAsync(app);
        var client = app.Client();
        await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-text.json"));
        await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-batch.json"));

        Assert.Equal(["Duplicate"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-text.json"), Meta.SecondSecret));
        Assert.Equal(["Duplicate", "Duplicate"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-batch.json")));
        Assert.Equal(2, (await Meta.MessagesAsync(app, contoso)).Count);
    }

    [StoreFact]
    public async Task StatusesOutOfOrderOrRedeliveredNeverTakeAMessageBack()
    {
        await using var app = Start();
        var (contoso, _) = await Meta.BrandsAsync(app);
        var client = app.Client();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Encoding.UTF8.GetBytes(
            $$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"14255550181","phone_number_id":"{{Meta.ContosoNumber}}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"14255550123"}],"messages":[{"from":"14255550123","id":"wamid.NOW","timestamp":"{{now}}","text":{"body":"Hi"},"type":"text"}]},"field":"messages"}]}]}"""));
        var owner = app.Client(InboxApp.OwnerKey);
        var conversation = (await owner.GetOkAsync($"/api/v1/conversations?brandId={contoso}"))["items"]![0]!.Str("id");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { text = "On its way" })).StatusCode);
        JsonNode? sent = null;
        await Eventually.True(async () => (sent = (await Meta.MessagesAsync(app, contoso)).FirstOrDefault(m => m["direction"]?.GetValue<string>() == "Outbound" && m["providerMessageId"] is not null)) is not null, "the reply is sent");
        var id = sent!.Str("providerMessageId");

        string Statuses(params (string Status, long At)[] statuses) => $$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"14255550181","phone_number_id":"{{Meta.ContosoNumber}}"},"statuses":[{{string.Join(",", statuses.Select(s => $$"""{"id":"{{id}}","status":"{{s.Status}}","timestamp":"{{s.At}}","recipient_id":"14255550123"}"""))}}]},"field":"messages"}]}]}""";
        await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Encoding.UTF8.GetBytes(Statuses(("read", now + 3))));
        await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Encoding.UTF8.GetBytes(Statuses(("delivered", now + 2), ("sent", now + 1))));
        await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Encoding.UTF8.GetBytes(Statuses(("read", now + 3)))); // days later, again

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the sandbox's own "delivered" comes a second after the send
        var after = (await Meta.MessagesAsync(app, contoso)).Single(m => m["providerMessageId"]?.GetValue<string>() == id);
        Assert.Equal("Read", after.Str("status"));
    }

    [StoreFact]
    public async Task UnknownKindsAreAcknowledgedAndLoggedNeverRefused()
    {
        await using var app = Start();
        await Meta.BrandsAsync(app);
        var client = app.Client();
        var body = """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}},{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"1","id":"wamid.X","timestamp":"1","type":"order","order":{}}]}}]}]}"""u8.ToArray();

        var response = await Meta.PostAsync(client, "/webhooks/whatsapp", body, Meta.Sign(body, Meta.FirstSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonNode>())!["ignored"]!.AsArray().Count);
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("message type 'order'"));
        var messenger = """{"object":"page","entry":[{"id":"110011223344556","time":1,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"110011223344556"},"timestamp":1,"account_linking":{"status":"linked"}}]}]}"""u8.ToArray();
        Assert.Empty(await Meta.PostSignedAsync(client, "/webhooks/messenger", messenger));
        Assert.Empty(await Meta.MessagesAsync(app));
    }

    [StoreFact]
    public async Task OversizedBodiesAre413AndMalformedOnes400()
    {
        await using var app = Start();
        var client = app.Client();
        var huge = Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[],\"pad\":\"" + new string('x', 1024 * 1024) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Meta.PostAsync(client, "/webhooks/whatsapp", huge, Meta.Sign(huge, Meta.FirstSecret))).StatusCode);
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/webhooks/messenger") { Content = new Unsized(huge) })
        {
            chunked.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Meta.Sign(huge, Meta.FirstSecret));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(chunked)).StatusCode);
        }

        foreach (var path in new[] { "/webhooks/whatsapp", "/webhooks/messenger" })
        {
            foreach (var malformed in new[] { "{\"object\":\"page\",\"entry\":[", "[]", "{}", "" })
            {
                var body = Encoding.UTF8.GetBytes(malformed);
                await (await Meta.PostAsync(client, path, body, Meta.Sign(body, Meta.FirstSecret))).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_payload");
            }
        }
    }

    [StoreFact]
    public async Task AMetaAppSetUpThroughAnotherNodeIsFoundWhenASignatureMatchesNoneKnown()
    {
        await using var app = Start();
        var client = app.Client();
        var body = Meta.Fixture("whatsapp-text.json");
        await (await Meta.PostAsync(client, "/webhooks/whatsapp", body, Meta.Sign(body, "set-up-elsewhere-secret-1"))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Written as another node writes it: through the grain, with no word to this node's cache.
        var services = app.Services;
        var account = (await app.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/provider-accounts", new { kind = "MetaApp", name = "Elsewhere" })).Str("id");
        var vault = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Inbox.Web.Accounts.CredentialVault>(services);
        var grains = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(services);
        await grains.GetGrain<Inbox.Silo.Accounts.IProviderAccountGrain>(account).SetCredentials(Inbox.Silo.Access.Caller.Owner(),
            new Inbox.Silo.Accounts.SealedCredentials(vault.Seal(new Dictionary<string, string> { ["appSecret"] = "set-up-elsewhere-secret-1" }), new Dictionary<string, string>()));
        await Task.Delay(TimeSpan.FromSeconds(5.5));

        Assert.Equal(["Unrouted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", body, "set-up-elsewhere-secret-1"));
    }

    [StoreFact]
    public async Task AnUnregisteredNumberOrPageIsAcknowledgedAndKeptUnrouted()
    {
        await using var app = Start();
        var client = app.Client();

        Assert.Equal(["Unrouted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", Meta.Fixture("whatsapp-text.json")));
        Assert.Equal(["Unrouted", "Unrouted"], await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-batch.json")));

        var kept = await Meta.UnroutedAsync(app);
        Assert.Equal(3, kept.Count);
        Assert.Contains(kept, k => k!.Str("numberAddress") == Meta.ContosoNumber && k.Str("code") == "unknown_number");
        Assert.Contains(kept, k => k!.Str("numberAddress") == Meta.FabrikamPage);
    }

    [StoreFact]
    public async Task AnEntryForANumberOrPageAnotherAppServesIsKeptUnroutedAndNotRouted()
    {
        // Contoso's accounts name the first app by its configured name, Fabrikam's the second by Meta's App ID.
        await using var app = new InboxApp(Store, new Dictionary<string, string?>(Meta.Settings) { ["Inbox:Providers:Meta:Apps:second:AppId"] = "555000111222333" });
        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        async Task<string> AccountAsync(string brand, string kind, string? metaApp)
        {
            var id = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind, name = $"{kind} of {brand}", brandId = brand })).Str("id");
            var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{id}/credentials", new Dictionary<string, string?> { ["metaAppId"] = metaApp, [kind == "MessengerPage" ? "pageToken" : "accessToken"] = "EAAGtoken-" + id });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            return id;
        }
        var contosoWaba = await AccountAsync(contoso, "WhatsAppBusinessAccount", "first");
        var fabrikamWaba = await AccountAsync(fabrikam, "WhatsAppBusinessAccount", "555000111222333");
        var contosoPage = await AccountAsync(contoso, "MessengerPage", "first");
        // A Page account that names no app: no app's webhook routes to it until the owner says which one serves it.
        var fabrikamPage = await AccountAsync(fabrikam, "MessengerPage", null);
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "WhatsApp", address = Meta.ContosoNumber, displayNumber = "+14255550181", purpose = "Support", providerAccount = contosoWaba });
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "WhatsApp", address = Meta.FabrikamNumber, displayNumber = "+14255550182", purpose = "Support", providerAccount = fabrikamWaba });
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "Messenger", address = Meta.ContosoPage, purpose = "Support", providerAccount = contosoPage });
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "Messenger", address = Meta.FabrikamPage, purpose = "Support", providerAccount = fabrikamPage });
        var client = app.Client();

        // One batch naming both brands' numbers, signed by the first app: Contoso's entry routes, Fabrikam's is kept aside.
        var batch = Meta.Fixture("whatsapp-batch.json");
        var first = await Meta.PostAsync(client, "/webhooks/whatsapp", batch, Meta.Sign(batch, Meta.FirstSecret));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var results = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["results"]!.AsArray();
        Assert.Equal(["Accepted", "Unrouted"], results.Select(r => r!.Str("outcome")));
        Assert.Equal("not_the_apps_number", results[1]!.Str("code"));
        Assert.Equal(["For Contoso"], (await Meta.MessagesAsync(app, contoso)).Select(m => m.Str("text")));
        Assert.Empty(await Meta.MessagesAsync(app, fabrikam));

        // The same batch from the second app: now Fabrikam's entry routes and Contoso's (a duplicate or not) is not its to post.
        Assert.Equal(["Unrouted", "Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", batch, Meta.SecondSecret));
        Assert.Equal(["För Fabrikam"], (await Meta.MessagesAsync(app, fabrikam)).Select(m => m.Str("text")));
        Assert.Single(await Meta.MessagesAsync(app, contoso));

        // Messenger: Contoso's Page takes the first app's entry; Fabrikam's Page names no app, so neither app routes to it.
        Assert.Equal(["Accepted", "Unrouted"], await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-batch.json")));
        Assert.Equal(["Unrouted", "Unrouted"], await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-batch.json"), Meta.SecondSecret));
        Assert.Equal(["For Contoso", "For Contoso"], (await Meta.MessagesAsync(app, contoso)).Select(m => m.Str("text")));

        var kept = await Meta.UnroutedAsync(app);
        Assert.All(kept, k => Assert.Equal("not_the_apps_number", k!.Str("code")));
        Assert.Contains(kept, k => k!.Str("numberAddress") == Meta.FabrikamNumber && k.Str("reason")!.Contains("'first'", StringComparison.Ordinal));
        Assert.Contains(kept, k => k!.Str("numberAddress") == Meta.ContosoNumber && k.Str("reason")!.Contains("'second'", StringComparison.Ordinal));
        Assert.Contains(kept, k => k!.Str("numberAddress") == Meta.FabrikamPage && k.Str("reason")!.Contains("names no Meta app", StringComparison.Ordinal));
        Assert.Contains(kept, k => k!.Str("numberAddress") == Meta.ContosoPage);
        Assert.Contains(app.Logs.Entries, e => e.ToString().Contains("not_the_apps_number", StringComparison.Ordinal));

        // Once Fabrikam's Page names the second app, the second app's entry for it routes.
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{fabrikamPage}/credentials", new { metaAppId = "second" })).StatusCode);
        Assert.Equal(["Unrouted", "Accepted"], await Meta.PostSignedAsync(client, "/webhooks/messenger", Meta.Fixture("messenger-batch.json"), Meta.SecondSecret));
        Assert.Equal(["För Fabrikam", "För Fabrikam"], (await Meta.MessagesAsync(app, fabrikam)).Select(m => m.Str("text")));
    }

    [StoreFact]
    public async Task DuringARotationTheNextAppSecretSignsBesideTheCurrentOneAndTheOldStopsWhenReplaced()
    {
        const string configuredNext = "first-app-secret-next-21be77c4";
        await using var app = new InboxApp(Store, new Dictionary<string, string?>(Meta.Settings) { ["Inbox:Providers:Meta:Apps:first:AppSecretNext"] = configuredNext });
        await Meta.BrandsAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        var client = app.Client();
        var body = Meta.Fixture("whatsapp-text.json");

        // From configuration: both the current and the next secret sign for the first app.
        Assert.Equal(["Accepted"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", body, Meta.FirstSecret));
        Assert.Equal(["Duplicate"], await Meta.PostSignedAsync(client, "/webhooks/whatsapp", body, configuredNext));

        // Through the API: the account's next secret is accepted at once, and after the swap (next becomes current) the old one is refused.
        const string old = "api-app-secret-old-0a9d3f51", next = "api-app-secret-new-7c64e2b8";
        var account = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "MetaApp", name = "Rotating app" })).Str("id");
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { appSecret = old, verifyToken = "rotating-verify-token-51aa" })).StatusCode);
        var messenger = Meta.Fixture("messenger-message.json");
        await (await Meta.PostAsync(client, "/webhooks/messenger", messenger, Meta.Sign(messenger, next))).AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature");
        var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new { appSecretNext = next });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("…" + next[^4..], JsonNode.Parse(await set.Content.ReadAsStringAsync())!["credentials"]!.Str("appSecretNext"));
        Assert.Equal(HttpStatusCode.OK, (await Meta.PostAsync(client, "/webhooks/messenger", messenger, Meta.Sign(messenger, next))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Meta.PostAsync(client, "/webhooks/messenger", messenger, Meta.Sign(messenger, old))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{account}/credentials", new Dictionary<string, string?> { ["appSecret"] = next, ["appSecretNext"] = null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Meta.PostAsync(client, "/webhooks/messenger", messenger, Meta.Sign(messenger, next))).StatusCode);
        await (await Meta.PostAsync(client, "/webhooks/messenger", messenger, Meta.Sign(messenger, old))).AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature");
        Assert.All(new[] { old, next, configuredNext }, secret => Assert.DoesNotContain(app.Logs.Entries, e => e.ToString().Contains(secret, StringComparison.Ordinal)));
    }

    private static JsonNode ByProviderId(IEnumerable<JsonNode> messages, string providerMessageId) =>
        messages.Single(m => m["providerMessageId"]?.GetValue<string>() == providerMessageId);

    /// <summary>One change to Contoso's number carrying the given messages, as Meta sends it.</summary>
    private static byte[] WhatsApp(params string[] messages) => Encoding.UTF8.GetBytes(
        $$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"14255550181","phone_number_id":"{{Meta.ContosoNumber}}"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"14255550123"}],"messages":[{{string.Join(",", messages)}}]},"field":"messages"}]}]}""");
}

/// <summary>A body sent without Content-Length (chunked), as a proxy may forward it.</summary>
internal sealed class Unsized(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

public sealed class SqliteMetaWebhooks : MetaWebhooksConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMetaWebhooks : MetaWebhooksConformance
{
    protected override string Store => Stores.Postgres;
}
