using System.Net;
using System.Net.Http.Json;
using Inbox.Actors.Tests;

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
