using System.Net;
using System.Text.Json.Nodes;

namespace Inbox.Web.Tests;

public static class Problems
{
    /// <summary>Asserts an RFC 7807 answer with the status, a non-empty code (and this one, if given) and, for a field, an entry in errors.</summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.False(string.IsNullOrEmpty(problem["code"]?.GetValue<string>()), $"no code in {body}");
        if (code is not null) Assert.Equal(code, problem["code"]!.GetValue<string>());
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"errors does not name '{field}': {body}");
        }
        return problem;
    }
}
