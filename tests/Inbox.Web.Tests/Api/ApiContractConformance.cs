using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Api;

/// <summary>The API's answers to bad input and refused requests: the status rule of docs/domain.md.</summary>
public abstract class ApiContractConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task StartingContactForAnUnknownBrandIsNotFound()
    {
        await using var app = new InboxApp(Store);

        var response = await app.Client(InboxApp.OwnerKey).PostAsJsonAsync("/api/v1/messages",
            new { brandId = "brd_nope", channel = "Sms", purpose = "Support", to = "+14255550188", text = "hi" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "brand_not_found");
    }

    [StoreFact]
    public async Task AnAssignmentWithoutAnAssigneeIsRefusedAndAnExplicitNullUnassigns()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, agent) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);
        await api.PostOkAsync($"/api/v1/conversations/{conversation}/assignment", new { assigneeId = agent });

        var empty = await api.PostAsync($"/api/v1/conversations/{conversation}/assignment", Seed.JsonBody("{}"));
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, field: "assigneeId");
        Assert.Equal(agent, (await api.GetOkAsync($"/api/v1/conversations/{conversation}")).Str("assigneeId"));

        var unassigned = await api.PostAsync($"/api/v1/conversations/{conversation}/assignment", Seed.JsonBody("""{"assigneeId":null}"""));
        Assert.Equal(HttpStatusCode.OK, unassigned.StatusCode);
        Assert.Null((await api.GetOkAsync($"/api/v1/conversations/{conversation}"))["assigneeId"]);
    }

    [StoreFact]
    public async Task ALimitOutsideItsRangeIsRefused()
    {
        await using var app = new InboxApp(Store);
        var (_, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);

        await (await api.GetAsync("/api/v1/conversations?limit=-1")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "limit");
        await (await api.GetAsync("/api/v1/conversations?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "limit");
        await (await api.GetAsync($"/api/v1/conversations/{conversation}/messages?limit=100000")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "limit");
        await (await api.GetAsync("/api/v1/conversations?limit=abc")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "limit");
        Assert.Single((await api.GetOkAsync("/api/v1/conversations?limit=1"))["items"]!.AsArray());
    }

    [StoreFact]
    public async Task BadInputGetsTheSameProblemInDevelopment()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["environment"] = "Development" });
        var (brand, key, conversation, _) = await Seed.BrandWithConversationAsync(app);
        var api = app.Client(key);

        await (await api.PostAsync($"/api/v1/conversations/{conversation}/messages", Seed.JsonBody("""{"text":123}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, field: "text");
        await (await api.PostAsync($"/api/v1/conversations/{conversation}/messages", Seed.JsonBody("""{"text":"x","private":"yes"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, field: "private");
        await (await api.PatchAsync($"/api/v1/conversations/{conversation}", Seed.JsonBody("""{"status":"Closed"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, field: "status");
        await (await api.PatchAsync($"/api/v1/conversations/{conversation}", Seed.JsonBody("""{"status":"Snoozed","snoozedUntil":"tomorrow"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, field: "snoozedUntil");
        await (await api.GetAsync("/api/v1/conversations?status=Bogus")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "status");
        await (await api.GetAsync("/api/v1/conversations?status=7")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "status");
        await (await api.GetAsync($"/api/v1/brands/{brand}/figures?from=yesterday")).AssertProblemAsync(HttpStatusCode.BadRequest, field: "from");
        var owner = app.Client(InboxApp.OwnerKey);
        var settings = await owner.PatchAsync($"/api/v1/brands/{brand}/settings", Seed.JsonBody("""{"quietHours":{"from":"25:00:00","until":"21:00:00"}}"""));
        var problem = await settings.AssertProblemAsync(HttpStatusCode.BadRequest, field: "quietHours.from");
        Assert.Contains("time of day", problem.Str("detail"));
        await (await owner.PatchAsync("/api/v1/brands/brd_nope/settings", Seed.JsonBody("{}"))).AssertProblemAsync(HttpStatusCode.NotFound, "brand_not_found");
        await (await owner.PostAsync("/webhooks/events", Seed.JsonBody("""{"kind":"Message"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "wrong_body_kind", "$");
        await (await owner.PostAsync("/webhooks/events", Seed.JsonBody("""[{"kind":"Text"}]"""))).AssertProblemAsync(HttpStatusCode.BadRequest, field: "[0].kind");
        await (await owner.PostAsync("/webhooks/events", Seed.JsonBody("""[{"kind":"Message","channel":"Sms"}]"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await app.Client().PostAsync("/account/login", Seed.JsonBody("""{"email":"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        await (await app.Client().PostAsync("/account/login", null)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Exception is not null || e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}

public sealed class SqliteApiContract : ApiContractConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresApiContract : ApiContractConformance
{
    protected override string Store => Stores.Postgres;
}
