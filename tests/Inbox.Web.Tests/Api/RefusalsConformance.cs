using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>A send refused up front answers 422 and leaves nothing behind; the composer says what a send would do.</summary>
public abstract class RefusalsConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task AReplyAfterStopIsRefusedAndLeavesNoMessage()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[] { Seed.Inbound("+14255550100", "+14255550123", "STOP", "SM-stop") });
        var before = await CountAsync(api, conversation);

        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { text = "One more thing" });

        await reply.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "opted_out");
        Assert.Equal(before, await CountAsync(api, conversation));
    }

    [StoreFact]
    public async Task ARefusedStartOfContactCreatesNoConversation()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        await app.Client(InboxApp.OwnerKey).PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550177", purpose = "Alerts", providerAccount = "sandbox" });

        var started = await api.PostAsJsonAsync("/api/v1/messages", new { brandId = brand, channel = "Sms", purpose = "Alerts", to = "+14255550188", text = "Your code is 1234" });

        await started.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no_consent");
        var conversations = (await api.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray();
        Assert.DoesNotContain(conversations, c => c.Str("contactAddress") == "+14255550188");
    }

    [StoreFact]
    public async Task AClosedWhatsAppWindowIsARuleRefusal()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var owner = app.Client(InboxApp.OwnerKey);
        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "WhatsApp", address = "100000000000009", displayNumber = "+14255550199", purpose = "Support", providerAccount = "sandbox" });
        await owner.PostOkAsync("/webhooks/events", new[]
        {
            new { kind = "Message", channel = "WhatsApp", numberAddress = "100000000000009", senderAddress = "14255550155", dedupeKey = "wamid.old", providerTimestamp = DateTimeOffset.UtcNow.AddDays(-2), text = "hello" },
        });
        var api = app.Client(key);
        var conversation = (await api.GetOkAsync("/api/v1/conversations?channel=WhatsApp"))["items"]![0].Str("id");
        var before = await CountAsync(api, conversation);

        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { text = "Sorry for the wait" });

        await reply.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "window_closed");
        Assert.Equal(before, await CountAsync(api, conversation));
    }

    [StoreFact]
    public async Task TheComposerSaysWhyFreeFormIsNotAllowedAfterStop()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[] { Seed.Inbound("+14255550100", "+14255550123", "STOP", "SM-stop") });

        var composer = await api.GetOkAsync($"/api/v1/conversations/{conversation}/composer");

        Assert.False(composer["reply"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("opted_out", composer["reply"].Str("code"));
        Assert.Contains("opted out", composer["reply"].Str("reason"));
    }

    [StoreFact]
    public async Task AReplyInAnActiveConversationIsNotInQuietHoursAndAHeldMessageSaysUntilWhen()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        // Quiet hours cover the whole day in the recipient's zone (+1 425: Los Angeles), except a minute an hour away.
        var la = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        var opens = TimeOnly.FromDateTime(la.DateTime).AddHours(1);
        var owner = app.Client(InboxApp.OwnerKey);
        var settings = await owner.PatchAsJsonAsync($"/api/v1/brands/{brand}/settings", new { quietHours = new { from = opens.ToString("HH:mm:ss"), until = opens.AddMinutes(1).ToString("HH:mm:ss") } });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);

        var composer = await api.GetOkAsync($"/api/v1/conversations/{conversation}/composer");
        Assert.True(composer["reply"]!["allowed"]!.GetValue<bool>());
        Assert.Null(composer["reply"]!["heldUntil"]);

        await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550177", purpose = "Alerts", providerAccount = "sandbox" });
        await owner.PostOkAsync($"/api/v1/brands/{brand}/consent", new { channel = "Sms", address = "+14255550188", action = "OptIn", reason = "web form" });
        var started = await api.PostAsJsonAsync("/api/v1/messages", new { brandId = brand, channel = "Sms", purpose = "Alerts", to = "+14255550188", text = "Your parcel is out" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = await started.ReadNodeAsync();
        Assert.Equal("Queued", body["message"].Str("status"));
        var heldUntil = body["message"]!["heldUntil"]?.GetValue<DateTimeOffset>();
        Assert.NotNull(heldUntil);
        Assert.InRange(heldUntil!.Value, DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(70));
        var thread = await api.GetOkAsync($"/api/v1/conversations/{body["conversation"].Str("id")}/messages");
        Assert.Equal(heldUntil, thread["items"]![0]!["heldUntil"]!.GetValue<DateTimeOffset>());
    }

    [StoreFact]
    public async Task APrivateNoteIsItsOwnKindOfMessage()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);

        var note = await api.PostOkAsync($"/api/v1/conversations/{conversation}/messages", new { text = "VIP, be nice", @private = true });

        Assert.Equal("Note", note.Str("kind"));
        Assert.Null(note["direction"]);
        Assert.Null(note["status"]);
        var inbound = (await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages"))["items"]!.AsArray().Last()!;
        Assert.Equal(("Message", "Inbound"), (inbound.Str("kind"), inbound.Str("direction")));

        var tooLong = await api.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { text = new string('x', 10_001), @private = true });
        var problem = await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "text_too_long", "text");
        Assert.DoesNotContain("Sms", problem.Str("detail"), StringComparison.OrdinalIgnoreCase);
    }

    [StoreFact]
    public async Task AChannelsBlockIsAnEventInTheThreadNotAMessage()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        var unread = (await api.GetOkAsync($"/api/v1/conversations/{conversation}"))["unread"]!.GetValue<int>();

        await app.Client(InboxApp.OwnerKey).PostOkAsync("/webhooks/events", new[]
        {
            new { kind = "Block", channel = "Sms", numberAddress = "+14255550100", senderAddress = "+14255550123", dedupeKey = "SM-BLOCK", providerTimestamp = DateTimeOffset.UtcNow },
        });

        var entry = (await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages"))["items"]![0]!;
        Assert.Equal("ChannelEvent", entry.Str("kind"));
        Assert.Null(entry["direction"]);
        Assert.Null(entry["status"]);
        var row = await api.GetOkAsync($"/api/v1/conversations/{conversation}");
        Assert.Equal((unread, "hello"), (row["unread"]!.GetValue<int>(), row.Str("preview"))); // no unread added, no preview taken
    }

    [StoreFact]
    public async Task APurposeMismatchSaysAnAlertsNumber()
    {
        await using var app = new InboxApp(Store);
        var (brand, key, _, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        await app.Client(InboxApp.OwnerKey).PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = "+14255550177", purpose = "Alerts", providerAccount = "sandbox" });

        var wrong = await api.PostAsJsonAsync("/api/v1/messages", new { brandId = brand, channel = "Sms", purpose = "Support", from = "+14255550177", to = "+14255550188", text = "hi" });

        var problem = await wrong.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "purpose_mismatch");
        Assert.Contains("is an alerts number", problem.Str("detail"));
    }

    private static async Task<int> CountAsync(HttpClient api, string conversation) =>
        (await api.GetOkAsync($"/api/v1/conversations/{conversation}/messages?limit=200"))["items"]!.AsArray().Count;
}

public sealed class SqliteRefusals : RefusalsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresRefusals : RefusalsConformance
{
    protected override string Store => Stores.Postgres;
}
