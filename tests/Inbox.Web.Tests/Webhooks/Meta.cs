using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Connectors.Meta;

namespace Inbox.Web.Tests.Webhooks;

/// <summary>Two Meta apps from configuration, and two brands each with a WhatsApp number and a Messenger Page, as the fixtures name them.</summary>
public static class Meta
{
    public const string FirstSecret = "first-app-secret-5f1c0e9d";
    public const string FirstToken = "first-verify-token-7a21";
    public const string SecondSecret = "second-app-secret-93b4d2aa";
    public const string SecondToken = "second-verify-token-c0de";

    public const string ContosoNumber = "106540352242922";
    public const string FabrikamNumber = "208870011223344";
    public const string ContosoPage = "110011223344556";
    public const string FabrikamPage = "220022334455667";

    public static Dictionary<string, string?> Settings => new()
    {
        ["Inbox:Providers:Meta:Apps:first:AppSecret"] = FirstSecret,
        ["Inbox:Providers:Meta:Apps:first:VerifyToken"] = FirstToken,
        ["Inbox:Providers:Meta:Apps:second:AppSecret"] = SecondSecret,
        ["Inbox:Providers:Meta:Apps:second:VerifyToken"] = SecondToken,
    };

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Sign(byte[] body, string secret) => MetaSignature.Sign(body, Encoding.UTF8.GetBytes(secret));

    /// <summary>Posts the exact bytes with the given X-Hub-Signature-256 (none when null), as Meta does.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, string? signature)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (signature is not null) request.Headers.TryAddWithoutValidation(MetaSignature.Header, signature);
        return await client.SendAsync(request);
    }

    /// <summary>Posts a body signed by the first app and returns each event's outcome.</summary>
    public static async Task<string[]> PostSignedAsync(HttpClient client, string path, byte[] body, string secret = FirstSecret)
    {
        var response = await PostAsync(client, path, body, Sign(body, secret));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["results"]!.AsArray().Select(r => r!.Str("outcome")).ToArray();
    }

    /// <summary>The brands and their numbers; the second brand's supervisor key sees only its own threads.</summary>
    public static async Task<(string Contoso, string Fabrikam)> BrandsAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "WhatsApp", address = ContosoNumber, displayNumber = "+14255550181", purpose = "Support", providerAccount = "sandbox" });
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "WhatsApp", address = FabrikamNumber, displayNumber = "+14255550182", purpose = "Support", providerAccount = "sandbox" });
        await owner.PostOkAsync($"/api/v1/brands/{contoso}/numbers", new { channel = "Messenger", address = ContosoPage, purpose = "Support", providerAccount = "sandbox" });
        await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/numbers", new { channel = "Messenger", address = FabrikamPage, purpose = "Support", providerAccount = "sandbox" });
        return (contoso, fabrikam);
    }

    /// <summary>Every message of every conversation of a brand (or all), oldest first within each thread.</summary>
    public static async Task<List<JsonNode>> MessagesAsync(InboxApp app, string? brand = null)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var conversations = (await owner.GetOkAsync("/api/v1/conversations?limit=100" + (brand is null ? "" : "&brandId=" + brand)))["items"]!.AsArray();
        var messages = new List<JsonNode>();
        foreach (var conversation in conversations)
        {
            var thread = await owner.GetOkAsync($"/api/v1/conversations/{conversation!.Str("id")}/messages?limit=200");
            messages.AddRange(thread["items"]!.AsArray().Select(m => m!).Where(m => m.Str("kind") == "Message"));
        }
        return messages;
    }

    public static async Task<JsonArray> UnroutedAsync(InboxApp app) => (await app.Client(InboxApp.OwnerKey).GetOkAsync("/api/v1/unrouted")).AsArray();
}
