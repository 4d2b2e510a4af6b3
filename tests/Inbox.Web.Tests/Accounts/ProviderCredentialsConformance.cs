using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Silo.Storage;
using Inbox.Storage.Tests;
using Inbox.Web.Accounts;
using Inbox.Web.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Accounts;

/// <summary>
/// Credentials of every kind are set through the API, sealed with Data Protection, used by the webhooks,
/// and never appear in the clear: not in a log line, not in an API answer (a secret shows its last 4
/// characters at most), not in a stored row; configured ones win over entered ones, and a restart opens them.
/// </summary>
public abstract class ProviderCredentialsConformance
{
    protected abstract string Store { get; }

    private static readonly Dictionary<string, Dictionary<string, string>> ByKind = new()
    {
        ["MetaApp"] = new() { ["appId"] = "263902037430900", ["appSecret"] = "meta-app-secret-Q7x2LmZ9", ["verifyToken"] = "meta-verify-token-R4k8Pw1T" },
        ["WhatsAppBusinessAccount"] = new() { ["businessAccountId"] = "102290129340398", ["accessToken"] = "EAAGwaba-access-token-Hn3Vb6Yc" },
        ["MessengerPage"] = new() { ["pageId"] = "110011223344556", ["pageToken"] = "EAAGpage-token-Ts5Ud8Wq" },
        ["TelegramBot"] = new() { ["botToken"] = "7000000001:AAHtelegram-bot-token-Jm2Kf", ["webhookSecretToken"] = "telegram-webhook-secret-Xy7Gh" },
        ["AcsResource"] = new() { ["endpoint"] = "https://contoso.communication.azure.com/", ["accessKey"] = "acs-access-key-base64-Bq9Np3==", ["eventGridSecret"] = "event-grid-secret-one-Lp4Zs", ["eventGridSecretNext"] = "event-grid-secret-two-Mc8Vd" },
    };

    private static readonly string[] Identifiers = ["appId", "businessAccountId", "pageId", "endpoint"];

    private static IEnumerable<string> Secrets => ByKind.Values.SelectMany(c => c.Where(p => !Identifiers.Contains(p.Key)).Select(p => p.Value));

    [StoreFact]
    public async Task SecretsAreSealedUsedAndNeverShownLoggedOrStoredInTheClear()
    {
        var answers = new List<string>();
        Dictionary<string, string?> settings;
        string metaApp, whatsApp;
        {
            await using var app = new InboxApp(Store);
            settings = new(app.Settings);
            var owner = Recording(app, InboxApp.OwnerKey, answers);
            var ids = new Dictionary<string, string>();
            foreach (var (kind, credentials) in ByKind)
            {
                var id = (await Json(await owner.PostAsJsonAsync("/api/v1/provider-accounts", new { kind, name = kind + " account" })))!.Str("id");
                ids[kind] = id;
                var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{id}/credentials", credentials);
                Assert.Equal(HttpStatusCode.OK, set.StatusCode);
                var hints = (await Json(set))!["credentials"]!.AsObject();
                foreach (var (name, value) in credentials)
                    Assert.Equal(Identifiers.Contains(name) ? value : "…" + value[^4..], hints[name]!.GetValue<string>());
            }
            (metaApp, whatsApp) = (ids["MetaApp"], ids["WhatsAppBusinessAccount"]);
            Assert.Equal("…Pw1T", (await Json(await owner.GetAsync($"/api/v1/provider-accounts/{metaApp}")))!["credentials"]!["verifyToken"]!.GetValue<string>());
            await Json(await owner.GetAsync("/api/v1/provider-accounts"));

            // The app entered through the API signs webhooks and answers the handshake.
            var body = Meta.Fixture("whatsapp-text.json");
            Assert.Equal(["Unrouted"], await Meta.PostSignedAsync(Recording(app, null, answers), "/webhooks/whatsapp", body, ByKind["MetaApp"]["appSecret"]));
            var handshake = await Recording(app, null, answers).GetAsync($"/webhooks/messenger?hub.mode=subscribe&hub.challenge=42&hub.verify_token={ByKind["MetaApp"]["verifyToken"]}");
            Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
            answers.Add(await handshake.Content.ReadAsStringAsync());

            await AssertSealedAsync(app);
            Assert.All(Secrets, secret => Assert.DoesNotContain(app.Logs.Entries, e => e.ToString().Contains(secret, StringComparison.Ordinal)));
        }

        // After a restart the key ring in the database opens them again, and a configured credential wins.
        settings[$"Inbox:Providers:Accounts:{whatsApp}:accessToken"] = "EAAGconfigured-token-Zz9Yy8";
        await using var second = new InboxApp(Store, settings);
        Assert.Equal(["Unrouted"], await Meta.PostSignedAsync(Recording(second, null, answers), "/webhooks/whatsapp", Meta.Fixture("whatsapp-text.json"), ByKind["MetaApp"]["appSecret"]));
        var opened = await second.Services.GetRequiredService<ProviderCredentials>().GetAsync(whatsApp);
        Assert.Equal(("EAAGconfigured-token-Zz9Yy8", "102290129340398"), (opened["accessToken"], opened["businessAccountId"]));

        Assert.All(Secrets, secret => Assert.DoesNotContain(answers, a => a.Contains(secret, StringComparison.Ordinal)));
        Assert.All(Secrets, secret => Assert.DoesNotContain(second.Logs.Entries, e => e.ToString().Contains(secret, StringComparison.Ordinal)));
    }

    [StoreFact]
    public async Task ANameTheKindDoesNotTakeIsRefusedAndANullRemovesOne()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);
        var bot = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "TelegramBot", name = "Bot" })).Str("id");

        await (await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{bot}/credentials", new { appSecret = "meant for a Meta app" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "unknown_credential", "appSecret");
        var set = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{bot}/credentials", new { botToken = "7000000001:AAHshort", webhookSecretToken = "abc" });
        var hints = (await Json(set))!["credentials"]!;
        Assert.Equal(("…hort", "…"), (hints["botToken"]!.GetValue<string>(), hints["webhookSecretToken"]!.GetValue<string>()));
        var removed = await owner.PutAsJsonAsync($"/api/v1/provider-accounts/{bot}/credentials", new Dictionary<string, string?> { ["webhookSecretToken"] = null });
        Assert.Equal(["botToken"], (await Json(removed))!["credentials"]!.AsObject().Select(p => p.Key));
        await (await owner.PutAsJsonAsync("/api/v1/provider-accounts/sandbox/credentials", new { botToken = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest, "no_credentials");
    }

    [StoreFact]
    public async Task OnlyThoseWhoMayChangeAnAccountSetItsCredentials()
    {
        await using var app = new InboxApp(Store);
        var owner = app.Client(InboxApp.OwnerKey);
        var contoso = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var fabrikam = (await owner.PostOkAsync("/api/v1/brands", new { name = "Fabrikam" })).Str("id");
        var supervisor = app.Client((await owner.PostOkAsync($"/api/v1/brands/{contoso}/api-keys", new { name = "ops", role = "Supervisor" })).Str("key"));
        var otherAdmin = app.Client((await owner.PostOkAsync($"/api/v1/brands/{fabrikam}/api-keys", new { name = "ops", role = "Admin" })).Str("key"));
        var page = (await owner.PostOkAsync("/api/v1/provider-accounts", new { kind = "MessengerPage", name = "Contoso page", brandId = contoso })).Str("id");

        await (await supervisor.PutAsJsonAsync($"/api/v1/provider-accounts/{page}/credentials", new { pageToken = "EAAGstolen-0000" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await otherAdmin.PutAsJsonAsync($"/api/v1/provider-accounts/{page}/credentials", new { pageToken = "EAAGstolen-0000" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await owner.GetOkAsync($"/api/v1/provider-accounts/{page}"))["credentials"]!.AsObject());
    }

    /// <summary>The column and the grain's stored state hold ciphertext only.</summary>
    private static async Task AssertSealedAsync(InboxApp app)
    {
        var rows = app.Services.GetRequiredService<Rows>();
        var sealedColumns = await rows.QueryAsync("SELECT credentials FROM provider_accounts", [], r => r.Text(0));
        Assert.Equal(ByKind.Count, sealedColumns.Count(c => c is { Length: > 40 }));
        var states = await rows.QueryAsync("SELECT CAST(payload AS TEXT) FROM grain_state", [], r => r.Text(0) ?? "");
        foreach (var secret in Secrets.Concat(ByKind.Values.SelectMany(c => c.Values)).Where(s => !s.StartsWith("https", StringComparison.Ordinal) && !s.All(char.IsDigit)))
        {
            Assert.DoesNotContain(sealedColumns, c => c!.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(states, s => s.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static HttpClient Recording(InboxApp app, string? bearer, List<string> answers)
    {
        var client = new HttpClient(new Recorder(answers)) { BaseAddress = new Uri(app.BaseUrl) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    private static async Task<JsonNode?> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>Keeps every answer's headers and body, for the search for secrets.</summary>
    private sealed class Recorder(List<string> answers) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var answer = response.Headers + "\n" + await response.Content.ReadAsStringAsync(cancellationToken);
            lock (answers) answers.Add(answer);
            return response;
        }
    }
}

public sealed class SqliteProviderCredentials : ProviderCredentialsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresProviderCredentials : ProviderCredentialsConformance
{
    protected override string Store => Stores.Postgres;
}
