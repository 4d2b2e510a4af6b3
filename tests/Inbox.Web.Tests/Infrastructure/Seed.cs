using System.Text;

namespace Inbox.Web.Tests;

/// <summary>Data the API tests start from, made through the API itself.</summary>
public static class Seed
{
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static object Inbound(string to, string from, string text, string dedupeKey, string channel = "Sms", DateTimeOffset? at = null) => new
    {
        kind = "Message", channel, numberAddress = to, senderAddress = from, dedupeKey, providerMessageId = dedupeKey,
        providerTimestamp = at ?? DateTimeOffset.UtcNow, text,
    };

    /// <summary>A brand with a support SMS number, a supervisor key, an agent of its Support team, and one customer conversation.</summary>
    public static async Task<(string Brand, string Key, string Conversation, string Agent)> BrandWithConversationAsync(InboxApp app, string number = "+14255550100")
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{brand}/teams", new { name = "Support" })).Str("id");
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = number, purpose = "Support", providerAccount = "sandbox", defaultTeamId = team });
        var key = (await owner.PostOkAsync($"/api/v1/brands/{brand}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key");
        var agent = (await owner.PostOkAsync("/api/v1/agents", new { name = "Ann", email = $"ann-{Guid.NewGuid():N}@contoso.test", brandId = brand, role = "Agent", teams = new[] { team } })).Str("id");
        await owner.PostOkAsync("/webhooks/events", new[] { Inbound(number, "+14255550123", "hello", "SM-" + Guid.NewGuid().ToString("N")) });
        var conversation = (await app.Client(key).GetOkAsync("/api/v1/conversations"))["items"]![0].Str("id");
        return (brand, key, conversation, agent);
    }
}
