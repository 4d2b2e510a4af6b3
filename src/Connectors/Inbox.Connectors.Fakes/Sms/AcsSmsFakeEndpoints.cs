using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// The fake's HTTP face: ACS's send endpoint under any prefix of any route builder, so it runs as a server
/// of its own in tests (prefix "") and under a path of the app in demo mode. The checks run in ACS's order
/// of concern: the API version, then the signature over the request as received, then the body.
/// </summary>
public static class AcsSmsFakeEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The header carrying why the fake refused a signature; ACS says only "Denied", which makes a poor test failure.</summary>
    public const string RefusalHeader = "x-inbox-fake-refusal";

    /// <summary>Maps <c>POST {prefix}/sms</c>; the resource's endpoint is then <c>{server}{prefix}/</c>.</summary>
    public static IEndpointConventionBuilder MapAcsSmsFake(this IEndpointRouteBuilder routes, string prefix, AcsSmsFake fake) =>
        routes.MapPost($"{prefix.TrimEnd('/')}/sms", (HttpContext context) => SendAsync(context, fake));

    private static async Task SendAsync(HttpContext context, AcsSmsFake fake)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        var apiVersion = request.Query["api-version"].ToString();
        if (apiVersion.Length == 0)
        {
            await ErrorAsync(context, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            return;
        }
        if (!fake.Options.ApiVersions.Contains(apiVersion))
        {
            await ErrorAsync(context, 400, "UnsupportedApiVersionValue", $"Unsupported api-version '{apiVersion}'. The supported api-versions are '{string.Join(", ", fake.Options.ApiVersions)}'.");
            return;
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{request.PathBase}{request.Path}{request.QueryString}";
        var refusal = AcsSmsFakeAuth.Refusal(request.Method, rawTarget, request.Headers.Host.ToString(),
            name => request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null,
            body, fake.Options.AccessKeys, fake.Time.GetUtcNow(), fake.Options.ClockSkew);
        if (refusal is not null)
        {
            context.Response.Headers[RefusalHeader] = refusal;
            await ErrorAsync(context, 401, "Denied", "Denied by the resource provider.");
            return;
        }

        var (send, invalid) = AcsSmsFakeRequest.Parse(body);
        if (send is null)
        {
            await ErrorAsync(context, 400, "BadRequest", invalid!);
            return;
        }

        switch (fake.Send(send))
        {
            case AcsSmsFakeOutcome.Items items:
                context.Response.StatusCode = 202;
                await context.Response.WriteAsJsonAsync(new { value = items.Value }, Json, context.RequestAborted);
                break;
            case AcsSmsFakeOutcome.Throttled throttled:
                var seconds = (int)Math.Ceiling(throttled.RetryAfter.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(context, 429, "TooManyRequests", $"Rate limit exceeded for {send.From}; retry after {seconds} seconds.");
                break;
            case AcsSmsFakeOutcome.Failed failed:
                await ErrorAsync(context, failed.Status, "InternalServerError", "The service failed to process the request.");
                break;
        }
    }

    /// <summary>Communication Services' error envelope.</summary>
    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { code, message } }, Json, context.RequestAborted);
    }
}
