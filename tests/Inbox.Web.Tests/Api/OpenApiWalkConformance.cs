using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inbox.Storage.Tests;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inbox.Web.Tests.Api;

/// <summary>
/// Walks every operation of /openapi/v1.json, as the owner and as a team-limited agent, on the demo's
/// data with real ids, sending malformed and mistyped input. Never a 5xx; every 4xx is problem details
/// with a code; a 400 for a mutated property names it; nothing is logged at Error. An endpoint added
/// later is walked without anyone remembering to, because every mapped endpoint must be in the document.
/// </summary>
public abstract class OpenApiWalkConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task EveryOperationAnswersBadInputWithAClearProblemAndNothingIsLoggedAsAnError()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        var document = await app.Client().GetOkAsync("/openapi/v1.json");
        var ids = await RealIdsAsync(app);
        var agent = app.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsJsonAsync("/account/login", new { email = "agent@inbox.test", password = "inbox-demo" })).StatusCode);

        var failures = new List<string>();
        var requests = 0;
        foreach (var (who, client) in new[] { ("agent", agent), ("owner", app.Client(InboxApp.OwnerKey)) })
        {
            foreach (var operation in Operations(document))
            {
                // Signing in or out (or everywhere, or changing one's password) changes who the walk is; those operations get a client of their own.
                var caller = operation.Path.StartsWith("/account", StringComparison.Ordinal) || operation.Path.StartsWith("/api/v1/me/", StringComparison.Ordinal)
                    ? app.Client() : client;
                foreach (var probe in Probes(document, operation, ids))
                {
                    requests++;
                    var problem = await CheckAsync(caller, operation, probe);
                    if (problem is not null) failures.Add($"{who} {operation.Method} {probe.Path} [{probe.What}]: {problem}");
                }
            }
        }

        Assert.True(requests > 500, $"only {requests} requests walked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} answers broke the contract:\n" + string.Join("\n", failures.Take(40)));
        var errors = app.Logs.AtLeast(LogLevel.Error).ToArray();
        Assert.True(errors.Length == 0, "logged at Error during the walk:\n" + string.Join("\n", errors.Take(10)));
        var traces = app.Logs.Entries.Where(e => e.Exception is not null).ToArray();
        Assert.True(traces.Length == 0, "logged with a stack trace during the walk:\n" + string.Join("\n", traces.Take(10)));
    }

    [StoreFact]
    public async Task EveryEndpointTheAppMapsIsInTheDocument()
    {
        await using var app = new InboxApp(Store);
        var document = await app.Client().GetOkAsync("/openapi/v1.json");
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet();

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/webhooks", StringComparison.Ordinal) || raw.StartsWith("/account", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToArray();

        Assert.NotEmpty(mapped);
        var missing = mapped.Where(m => !documented.Contains(m)).ToArray();
        Assert.True(missing.Length == 0, "mapped but not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    private sealed record Operation(string Method, string Path, JsonObject Node);

    private sealed record Probe(string What, string Path, HttpContent? Body, string? MutatedProperty);

    private static string Normalize(string pattern) => "/" + pattern.Trim('/');

    private static IEnumerable<Operation> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        select new Operation(op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject());

    /// <summary>Ids from the demo's data: its brand, a conversation the agent may see, its contact, a number, an agent to change.</summary>
    private static async Task<Dictionary<string, string>> RealIdsAsync(InboxApp app)
    {
        var owner = app.Client(InboxApp.OwnerKey);
        var brand = (await owner.GetOkAsync("/api/v1/brands"))[0].Str("id");
        var conversation = (await owner.GetOkAsync($"/api/v1/conversations?brandId={brand}&channel=Sms"))["items"]![0]!;
        var target = await owner.PostOkAsync("/api/v1/agents", new { name = "Walk Target", email = "walk-target@inbox.test", brandId = brand, role = "Agent" });
        return new()
        {
            ["brandId"] = brand, ["conversation"] = conversation.Str("id"), ["contact"] = conversation.Str("contactId"),
            ["key"] = conversation.Str("numberKey"), ["agentId"] = target.Str("id"),
        };
    }

    private static IEnumerable<Probe> Probes(JsonNode document, Operation operation, Dictionary<string, string> ids)
    {
        var parameters = operation.Node["parameters"]?.AsArray().Select(p => p!.AsObject()).ToArray() ?? [];
        var path = RealPath(operation.Path, ids);
        var query = string.Join("&", parameters.Where(p => p.Str("in") == "query" && p["required"]?.GetValue<bool>() == true)
            .Select(p => $"{p.Str("name")}={Uri.EscapeDataString(Sample(document, p.Str("name"), p["schema"], ids)?.ToString() ?? "x")}"));
        var url = query.Length == 0 ? path : $"{path}?{query}";
        var schema = Resolve(document, operation.Node["requestBody"]?["content"]?["application/json"]?["schema"]);
        var valid = schema is null ? null : Sample(document, "", schema, ids);

        yield return new("as documented", url, Json(valid), null);
        if (schema is not null || operation.Method is "POST" or "PUT" or "PATCH")
        {
            yield return new("malformed JSON", url, Raw("{\"text\": "), null);
            yield return new("empty body", url, Raw(""), null);
            yield return new("no body", url, null, null);
            yield return new("wrong JSON kind", url, Raw(valid is JsonArray ? "{}" : "[]"), null);
            yield return new("XML", url, new StringContent("<a/>", Encoding.UTF8, "application/xml"), null);
            yield return new("deep", url, Raw(new string('[', 200) + new string(']', 200)), null);
        }
        if (Properties(document, schema) is { } properties && valid is JsonObject body)
        {
            foreach (var (name, propertySchema) in properties)
            {
                yield return new($"{name}: wrong type", url, Json(With(body, name, WrongType(document, propertySchema))), name);
                yield return new($"{name}: null", url, Json(With(body, name, null)), name);
            }
        }
        foreach (var parameter in parameters.Where(p => p.Str("in") == "path"))
        {
            var name = parameter.Str("name");
            foreach (var (what, bad) in new[] { ("unknown", "nope_0123"), ("very long", new string('z', 1500)), ("NUL", "%00"), ("dots", "%2E%2E") })
                yield return new($"path {name} {what}", RealPath(operation.Path, ids, name, bad) + (query.Length == 0 ? "" : "?" + query), Json(valid), null);
        }
        foreach (var parameter in parameters.Where(p => p.Str("in") == "query"))
        {
            var name = parameter.Str("name");
            foreach (var bad in new[] { "abc", "-1", "1e999", "Bogus", "7", "yesterday", new string('q', 1000) })
                yield return new($"query {name}={Trim(bad)}", $"{path}?{Query(query, name, bad)}", Json(valid), null);
        }
    }

    private static async Task<string?> CheckAsync(HttpClient client, Operation operation, Probe probe)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), probe.Path) { Content = probe.Body };
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500) return $"{status} {Trim(text)}";
        if (status < 400) return null;
        // Kestrel refuses a path with an encoded NUL itself, before the app sees the request: a bare 400 is all it can be.
        if (probe.What.EndsWith("NUL", StringComparison.Ordinal) && status == 400 && text.Length == 0) return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} is not problem details: {Trim(text)}";
        var problem = JsonNode.Parse(text);
        if (string.IsNullOrEmpty(problem?["code"]?.GetValue<string>())) return $"{status} has no code: {Trim(text)}";
        if (status == 400 && probe.MutatedProperty is { } property
            && problem!["errors"]?.AsObject().Any(e => e.Key == property || e.Key.StartsWith(property + ".", StringComparison.Ordinal) || e.Key.StartsWith(property + "[", StringComparison.Ordinal)) != true)
            return $"400 does not name '{property}': {Trim(text)}";
        return null;
    }

    private static string RealPath(string template, Dictionary<string, string> ids, string? replaced = null, string? bad = null)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is not ['{', .., '}']) continue;
            var name = segments[i][1..^1];
            segments[i] = name == replaced ? bad! : Uri.EscapeDataString(name switch
            {
                "id" => segments[i - 1] == "contacts" ? ids["contact"] : ids["conversation"],
                _ => ids.TryGetValue(name, out var id) ? id : "x",
            });
        }
        return string.Join('/', segments);
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        for (var depth = 0; depth < 10 && schema is not null; depth++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
                schema = document["components"]!["schemas"]![reference.Split('/').Last()];
            else if (schema["oneOf"]?.AsArray().FirstOrDefault(s => s?["type"]?.ToString() != "null") is { } option)
                schema = option;
            else return schema;
        }
        return schema;
    }

    private static IEnumerable<(string Name, JsonNode Schema)>? Properties(JsonNode document, JsonNode? schema) =>
        Resolve(document, schema)?["properties"]?.AsObject().Select(p => (p.Key, Resolve(document, p.Value)!));

    private static string Type(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "string",
        JsonValue one => one.GetValue<string>(),
        _ => schema["enum"] is not null ? "enum" : schema["properties"] is not null ? "object" : "string",
    };

    /// <summary>A value the schema accepts, with real ids and plausible values for the fields this API has.</summary>
    private static JsonNode? Sample(JsonNode document, string name, JsonNode? schema, Dictionary<string, string> ids, int depth = 0)
    {
        schema = Resolve(document, schema);
        if (schema is null) return null;
        if (schema["enum"] is JsonArray values) return values.FirstOrDefault(v => v?.ToString() is not ("Agent" or "Keyword"))?.DeepClone();
        if (schema["format"]?.GetValue<string>() == "time") return "09:00:00";
        if (schema["pattern"]?.GetValue<string>() is { } pattern && pattern.Contains(@"\d{2}:\d{2}:\d{2}", StringComparison.Ordinal)) return "01:00:00";
        switch (name)
        {
            case "brandId": return ids["brandId"];
            case "email": return $"walk-{Guid.NewGuid():N}@inbox.test";
            case "password": return "a long walk password";
            case "to" or "address": return "+14255550188";
            case "from": return null;
            case "providerAccount": return "sandbox";
            case "numberKey": return ids["key"];
            case "displayNumber": return "+14255550199";
            case "teams" or "sharedWith": return new JsonArray();
            case "timeZone" or "defaultTimeZone": return "America/Chicago";
            case "assigneeId": return ids["agentId"];
            case "teamId" or "defaultTeamId" or "snoozedUntil" or "template" or "media" or "urgentReason" or "replyToMessageId": return null;
        }
        switch (Type(schema))
        {
            case "object":
                if (depth > 3) return new JsonObject();
                var result = new JsonObject();
                foreach (var (property, propertySchema) in Properties(document, schema) ?? [])
                    result[property] = Sample(document, property, propertySchema, ids, depth + 1);
                return result;
            case "array": return new JsonArray(schema["items"] is { } items && Sample(document, "", items, ids, depth + 1) is { } item ? [item] : []);
            case "boolean": return false;
            case "integer": return 1;
            case "number": return 1.5;
            default:
                return schema["format"]?.GetValue<string>() switch
                {
                    "date-time" => DateTimeOffset.UtcNow.AddHours(2).ToString("O"),
                    "time" => "09:00:00",
                    _ => name == "" ? "walk" : $"walk {name}",
                };
        }
    }

    private static JsonNode WrongType(JsonNode document, JsonNode schema) => Type(schema) switch
    {
        "string" or "enum" => 12345,
        "integer" or "number" => "not a number",
        "boolean" => "yes",
        "array" => new JsonObject { ["not"] = "an array" },
        _ => "not an object",
    };

    private static JsonNode With(JsonObject body, string name, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }

    private static HttpContent? Json(JsonNode? body) => body is null ? null : Raw(body.ToJsonString());

    private static StringContent Raw(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Query(string query, string name, string value)
    {
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal));
        return string.Join("&", pairs.Append($"{name}={Uri.EscapeDataString(value)}"));
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

public sealed class SqliteOpenApiWalk : OpenApiWalkConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresOpenApiWalk : OpenApiWalkConformance
{
    protected override string Store => Stores.Postgres;
}
