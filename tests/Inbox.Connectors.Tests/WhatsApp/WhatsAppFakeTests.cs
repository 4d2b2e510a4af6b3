using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inbox.Connectors.Fakes.WhatsApp;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using static Inbox.Connectors.Tests.WhatsApp.WhatsAppFakeHarness;

namespace Inbox.Connectors.Tests.WhatsApp;

/// <summary>
/// The fake refusing what the Cloud API refuses and answering as it answers, with requests written by hand here
/// (not by the sender), so the sender and the fake cannot pass by sharing a mistake.
/// </summary>
public sealed class WhatsAppFakeTests
{
    private static JsonElement Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error");

    private static int Code(string body) => Error(body).GetProperty("code").GetInt32();

    private static async Task<WhatsAppFakeHarness> WithCustomerAsync(WhatsAppFakeOptions? options = null, TimeProvider? time = null)
    {
        var wa = await StartAsync(options, time);
        var (_, delivery) = await wa.Fake.CustomerSendsAsync(ContosoNumber, Customer, "Is my order shipped?");
        Assert.True(delivery.Accepted);
        return wa;
    }

    [Fact]
    public async Task ATextInsideTheWindowIsAcceptedWithAWamidAndItsStatusesComeBackSignedOverTheBytesSent()
    {
        await using var wa = await WithCustomerAsync();

        var (status, body) = await wa.PostAsync($"{ContosoNumber}/messages", Text("+" + Customer, "It ships today"));

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("+" + Customer, json.RootElement.GetProperty("contacts")[0].GetProperty("input").GetString());
        Assert.Equal(Customer, json.RootElement.GetProperty("contacts")[0].GetProperty("wa_id").GetString());
        var id = json.RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.", id);
        var hooks = await wa.HooksAsync(4);
        Assert.All(hooks, h => Assert.True(h.Signed));
        var statuses = hooks.Skip(1).SelectMany(h => WhatsAppWebhook.Parse(h.Body).Events).ToList();
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Read], statuses.Select(s => s.Status!.Value));
        Assert.All(statuses, s => Assert.Equal((id, ContosoNumber, Customer), (s.ProviderMessageId, s.NumberAddress, s.SenderAddress)));
        Assert.Equal("read", wa.Fake.StatusOf(id));
        Assert.Equal(ContosoNumber, Assert.Single(wa.Fake.SentTo(Customer)).From);
    }

    [Fact]
    public async Task ACustomersMessageIsMetasBytesEscapedAsMetaEscapesThemAndOurParserReadsIt()
    {
        await using var wa = await StartAsync();

        var (id, _) = await wa.Fake.CustomerSendsAsync(ContosoNumber, "+" + Customer, "Caf\u00e9 \ud83d\ude00 https://x.example/o", "Ren\u00e9e");

        var (body, signed) = Assert.Single(await wa.HooksAsync(1));
        Assert.True(signed);
        var text = Encoding.ASCII.GetString(body);
        Assert.Contains("\"body\":\"Caf\\u00e9 \\ud83d\\ude00 https:\\/\\/x.example\\/o\"", text);
        Assert.StartsWith("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"}", text);
        var message = Assert.Single(WhatsAppWebhook.Parse(body).Events);
        Assert.Equal((id, Customer, "Renée", "Café 😀 https://x.example/o"), (message.ProviderMessageId, message.SenderAddress, message.SenderName, message.Text));
    }

    [Fact]
    public async Task AMissingOrUnknownTokenIs190AndATokenOfAnotherBusinessCannotUseTheNumber()
    {
        await using var wa = await WithCustomerAsync();
        var text = Text(Customer, "hi");

        var (none, noneBody) = await wa.PostAsync($"{ContosoNumber}/messages", text, token: null);
        var (wrong, wrongBody) = await wa.PostAsync($"{ContosoNumber}/messages", text, token: "EAAG-guessed");
        var (other, otherBody) = await wa.PostAsync($"{ContosoNumber}/messages", text, token: FabrikamToken);

        Assert.Equal((401, 190), (none, Code(noneBody)));
        Assert.Equal((401, 190), (wrong, Code(wrongBody)));
        Assert.Equal((400, 100, 33), (other, Code(otherBody), Error(otherBody).GetProperty("error_subcode").GetInt32()));
        Assert.Equal("GraphMethodException", Error(otherBody).GetProperty("type").GetString());
        Assert.True(Error(otherBody).TryGetProperty("fbtrace_id", out _));
        Assert.Empty(wa.Fake.Sent);
        // A token covers every number of its business account.
        Assert.Equal(200, (await wa.PostAsync($"{ContosoSecondNumber}/messages", Text(Customer, "hi"))).Status);
    }

    [Theory]
    [InlineData("""{"to":"14255550123","type":"text","text":{"body":"hi"}}""", 100)]
    [InlineData("""{"messaging_product":"sms","to":"14255550123","type":"text","text":{"body":"hi"}}""", 100)]
    [InlineData("""{"messaging_product":"whatsapp","type":"text","text":{"body":"hi"}}""", 131008)]
    [InlineData("""{"messaging_product":"whatsapp","to":"call me","type":"text","text":{"body":"hi"}}""", 131009)]
    [InlineData("""{"messaging_product":"whatsapp","to":"14255550123","type":"text","text":{}}""", 131008)]
    [InlineData("""{"messaging_product":"whatsapp","to":"14255550123","type":"text","text":{"body":"  "}}""", 131009)]
    [InlineData("""{"messaging_product":"whatsapp","to":"14255550123","type":"image","image":{}}""", 131009)]
    [InlineData("""{"messaging_product":"whatsapp","to":"14255550123","type":"audio","audio":{"link":"https://x.example/a.ogg","caption":"no"}}""", 131009)]
    [InlineData("""{"messaging_product":"whatsapp","to":"14255550123","type":"hologram","hologram":{}}""", 131051)]
    [InlineData("""{"messaging_product":"whatsapp","to":"14255550123","type":"template","template":{"name":"order_update"}}""", 131008)]
    [InlineData("""{"messaging_product":"whatsapp","status":"read"}""", 100)]
    [InlineData("not json", 100)]
    public async Task ABodyMissingWhatMetaRequiresIsRefusedWithItsCode(string body, int code)
    {
        await using var wa = await WithCustomerAsync();

        var (status, answer) = await wa.PostAsync($"{ContosoNumber}/messages", body);

        Assert.Equal((400, code), (status, Code(answer)));
        Assert.Empty(wa.Fake.Sent);
    }

    [Fact]
    public async Task ATextOver4096CharactersAndAPathWithoutAVersionAreRefused()
    {
        await using var wa = await WithCustomerAsync();

        var (longStatus, longBody) = await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, new string('a', 4097)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{wa.Server.GraphBase.ToString().TrimEnd('/')}/latest/{ContosoNumber}/messages") { Content = new StringContent(Text(Customer, "hi")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContosoToken);
        using var unversioned = await wa.Http.SendAsync(request);

        Assert.Equal((400, 100), (longStatus, Code(longBody)));
        Assert.Equal(2500, Code(await unversioned.Content.ReadAsStringAsync()));
        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, new string('a', 4096)))).Status);
    }

    [Fact]
    public async Task FreeFormOutsideTheWindowIsAcceptedThenFails131047AndATemplateStillGoes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var wa = await WithCustomerAsync(Options(), clock);
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var options = wa.Fake.Options;

        var (status, body) = await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "Still there?"));
        Assert.Equal(200, status);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;
        clock.Advance(options.StatusDelay);
        var failed = WhatsAppWebhook.Parse((await wa.HooksAsync(2))[1].Body).Events.Single();
        Assert.Equal((DeliveryStatus.Failed, "131047", id), (failed.Status, failed.ErrorCode, failed.ProviderMessageId));

        var template = """{"messaging_product":"whatsapp","to":"14255550123","type":"template","template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#1234"}]}]}}""";
        var (templateStatus, templateBody) = await wa.PostAsync($"{ContosoNumber}/messages", template);
        Assert.Equal(200, templateStatus);
        Assert.Contains("\"message_status\":\"accepted\"", templateBody);
        Assert.Equal("Hi Ana, your order #1234 ships today.", wa.Fake.Sent[^1].Text);
    }

    [Fact]
    public async Task ANumberSetToRefuseAnswersAClosedWindowWith131047AtOnce()
    {
        await using var wa = await StartAsync(new WhatsAppFakeOptions { AppSecret = AppSecret, Numbers = Options().Numbers, WindowClosed = WindowClosedAnswer.Refuse });

        var (status, body) = await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "Hello?"));

        Assert.Equal((400, 131047), (status, Code(body)));
        Assert.Contains("24 hours", Error(body).GetProperty("error_data").GetProperty("details").GetString());
        Assert.Empty(wa.Fake.Sent);
    }

    [Theory]
    [InlineData("order_update", "de_DE", 2, 132001)]
    [InlineData("winback", "en_US", 0, 132001)]
    [InlineData("fabrikam_hello", "en_US", 0, 132001)]
    [InlineData("order_update", "en_US", 1, 132000)]
    public async Task ATemplateTheBusinessHasNotApprovedOrWithTheWrongParametersIsRefused(string name, string language, int parameters, int code)
    {
        await using var wa = await StartAsync();
        var values = string.Join(",", Enumerable.Range(1, parameters).Select(i => $$"""{"type":"text","text":"p{{i}}"}"""));
        var body = $$$"""{"messaging_product":"whatsapp","to":"14255550123","type":"template","template":{"name":"{{{name}}}","language":{"code":"{{{language}}}"},"components":[{"type":"body","parameters":[{{{values}}}]}]}}""";

        var (status, answer) = await wa.PostAsync($"{ContosoNumber}/messages", body);

        Assert.Equal((400, code), (status, Code(answer)));
    }

    [Fact]
    public async Task OverTheNumbersThroughputIs130429AndOverThePairRateIs131056ForThatUserOnly()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new WhatsAppFakeOptions { AppSecret = AppSecret, Numbers = Options().Numbers, NumberPerSecond = 3, PairBurst = 1, PairInterval = TimeSpan.FromSeconds(6), ReportRead = false };
        await using var wa = await WithCustomerAsync(options, clock);
        await wa.Fake.CustomerSendsAsync(ContosoNumber, OtherCustomer, "me too");

        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "1"))).Status);
        var (pair, pairBody) = await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "2"));
        Assert.Equal((400, 131056), (pair, Code(pairBody)));
        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", Text(OtherCustomer, "1"))).Status);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "2 again"))).Status);

        await wa.Fake.CustomerSendsAsync(ContosoNumber, "14255550188", "hello");
        await wa.Fake.CustomerSendsAsync(ContosoNumber, "14255550199", "hello");
        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", Text("14255550188", "a"))).Status);
        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", Text("14255550199", "b"))).Status);
        var (number, numberBody) = await wa.PostAsync($"{ContosoNumber}/messages", Text(OtherCustomer, "c"));
        Assert.Equal((400, 130429), (number, Code(numberBody)));
        // Another number keeps its own rate.
        await wa.Fake.CustomerSendsAsync(ContosoSecondNumber, Customer, "hi");
        Assert.Equal(200, (await wa.PostAsync($"{ContosoSecondNumber}/messages", Text(Customer, "d"))).Status);
        Assert.Equal(6, wa.Fake.Sent.Count);
    }

    [Fact]
    public async Task MarkAsReadTakesAMessageTheNumberReceivedAndNoOther()
    {
        await using var wa = await StartAsync();
        var (id, _) = await wa.Fake.CustomerSendsAsync(ContosoNumber, Customer, "hello");

        var (ok, okBody) = await wa.PostAsync($"{ContosoNumber}/messages", $$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{id}}"}""");
        var (other, _) = await wa.PostAsync($"{ContosoSecondNumber}/messages", $$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{id}}"}""");

        Assert.Equal((200, """{"success":true}"""), (ok, okBody));
        Assert.Equal(400, other);
        Assert.Equal((ContosoNumber, id), Assert.Single(wa.Fake.ReadMarks));
    }

    [Fact]
    public async Task AnUploadGivesAnIdWhoseUrlNeedsTheTokenAndExpiredMediaIsGone()
    {
        await using var wa = await WithCustomerAsync();
        var file = Encoding.UTF8.GetBytes("%PDF-1.4 receipt");
        using var form = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" }, { new StringContent("application/pdf"), "type" } };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "file", "receipt.pdf");
        using var upload = new HttpRequestMessage(HttpMethod.Post, wa.Url($"{ContosoNumber}/media")) { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContosoToken);
        using var uploaded = await wa.Http.SendAsync(upload);
        var mediaId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var (infoStatus, infoBody) = await wa.GetAsync(wa.Url(mediaId));
        using var info = JsonDocument.Parse(infoBody);
        Assert.Equal(200, infoStatus);
        Assert.Equal(("application/pdf", file.Length), (info.RootElement.GetProperty("mime_type").GetString(), info.RootElement.GetProperty("file_size").GetInt32()));
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(file)), info.RootElement.GetProperty("sha256").GetString());
        var url = info.RootElement.GetProperty("url").GetString()!;
        Assert.Equal(401, (await wa.GetAsync(url, token: null)).Status);
        Assert.Equal(401, (await wa.GetAsync(url, token: FabrikamToken)).Status);
        using var download = new HttpRequestMessage(HttpMethod.Get, url);
        download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContosoToken);
        Assert.Equal(file, await (await wa.Http.SendAsync(download)).Content.ReadAsByteArrayAsync());
        Assert.Equal(400, (await wa.GetAsync(wa.Url(mediaId), token: FabrikamToken)).Status);

        var byId = $$$"""{"messaging_product":"whatsapp","to":"14255550123","type":"document","document":{"id":"{{{mediaId}}}","caption":"Your receipt","filename":"receipt.pdf"}}""";
        Assert.Equal(200, (await wa.PostAsync($"{ContosoNumber}/messages", byId)).Status);
        Assert.Equal(131053, Code((await wa.PostAsync($"{ContosoNumber}/messages", byId.Replace(mediaId, "999"))).Body));

        wa.Fake.ExpireMedia(mediaId);
        var (goneStatus, goneBody) = await wa.GetAsync(wa.Url(mediaId));
        Assert.Equal((400, 100, 33), (goneStatus, Code(goneBody), Error(goneBody).GetProperty("error_subcode").GetInt32()));
        Assert.Equal(404, (await wa.GetAsync(url)).Status);
        Assert.Equal(131053, Code((await wa.PostAsync($"{ContosoNumber}/messages", byId)).Body));
    }

    [Fact]
    public async Task AnUploadOfATypeMetaDoesNotTakeIsRefused()
    {
        await using var wa = await StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" } };
        var part = new ByteArrayContent([1, 2, 3]);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/x-msdownload");
        form.Add(part, "file", "setup.exe");
        using var upload = new HttpRequestMessage(HttpMethod.Post, wa.Url($"{ContosoNumber}/media")) { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContosoToken);

        using var answer = await wa.Http.SendAsync(upload);

        Assert.Equal(131053, Code(await answer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TemplatesAreListedForTheTokensBusinessAccountPageByPage()
    {
        await using var wa = await StartAsync();

        var (status, body) = await wa.GetAsync(wa.Url($"{ContosoAccount}/message_templates?limit=2"));
        using var first = JsonDocument.Parse(body);
        var next = first.RootElement.GetProperty("paging").GetProperty("next").GetString()!;
        using var second = JsonDocument.Parse((await wa.GetAsync(next)).Body);

        Assert.Equal(200, status);
        var names = first.RootElement.GetProperty("data").EnumerateArray().Concat(second.RootElement.GetProperty("data").EnumerateArray())
            .Select(t => $"{t.GetProperty("name").GetString()}/{t.GetProperty("language").GetString()}/{t.GetProperty("status").GetString()}").ToArray();
        Assert.Equal(["order_update/en_US/APPROVED", "order_update/fr_FR/APPROVED", "winback/en_US/REJECTED"], names);
        Assert.False(second.RootElement.GetProperty("paging").TryGetProperty("next", out _));
        Assert.Equal(400, (await wa.GetAsync(wa.Url($"{FabrikamAccount}/message_templates"))).Status);
    }

    [Fact]
    public async Task FailuresStallsAndDuplicatesComeOnDemand()
    {
        await using var wa = await WithCustomerAsync(new WhatsAppFakeOptions { AppSecret = AppSecret, Numbers = Options().Numbers, DuplicateStatuses = true, ReverseStatuses = true, StatusDelay = TimeSpan.FromMilliseconds(5) });

        wa.Fake.FailNext(WhatsAppFakeError.Of(131000, "Something went wrong", status: 500));
        var (failed, failedBody) = await wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "1"));
        Assert.Equal((500, 131000), (failed, Code(failedBody)));
        Assert.Empty(wa.Fake.Sent);

        wa.Fake.DropNext();
        await Assert.ThrowsAsync<HttpRequestException>(() => wa.PostAsync($"{ContosoNumber}/messages", Text(Customer, "2")));
        Assert.Single(wa.Fake.Sent);
        Assert.Equal(2, wa.Fake.MessageRequests);

        var hooks = await wa.HooksAsync(1 + 6);
        var statuses = hooks.Skip(1).SelectMany(h => WhatsAppWebhook.Parse(h.Body).Events).Select(e => e.Status!.Value).ToArray();
        Assert.Equal([DeliveryStatus.Read, DeliveryStatus.Read, DeliveryStatus.Delivered, DeliveryStatus.Delivered, DeliveryStatus.Sent, DeliveryStatus.Sent], statuses);
    }

    [Fact]
    public async Task AWebhookTheAppRefusesIsDeliveredAgain()
    {
        var attempts = 0;
        await using var server = await WhatsAppFakeServer.StartAsync(
            new WhatsAppFakeOptions { AppSecret = AppSecret, Numbers = Options().Numbers, RedeliveryDelays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)] },
            more: app => app.MapPost("/flaky", () => Interlocked.Increment(ref attempts) < 3 ? Microsoft.AspNetCore.Http.Results.StatusCode(503) : Microsoft.AspNetCore.Http.Results.Ok()));
        server.Fake.WebhookUrl = new Uri(server.GraphBase, "/flaky");

        var (_, first) = await server.Fake.CustomerSendsAsync(ContosoNumber, Customer, "hello");

        Assert.Equal(503, first.Status);
        for (var i = 0; i < 200 && server.Fake.Callbacks.Count < 3; i++) await Task.Delay(10);
        Assert.Equal([(503, 1), (503, 2), (200, 3)], server.Fake.Callbacks.Select(c => (c.Status, c.Attempt)));
        Assert.Single(server.Fake.Callbacks.Select(c => c.Body).Distinct());
    }
}
