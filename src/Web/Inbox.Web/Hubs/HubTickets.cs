using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Inbox.Silo;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Hubs;

/// <summary>
/// A hub ticket: what an API key holder trades the key for before connecting to the hub, because a browser or a
/// WebSocket client can only pass a token in the query string, where proxies log it. The ticket is the key's claims,
/// protected by the cluster's Data Protection ring (kept in the database, so any node accepts a ticket another node
/// issued) and good for <see cref="Lifetime"/> only; a leaked log line is useless a minute later and never reveals the key.
/// </summary>
public sealed class HubTickets(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private static readonly string[] Carried = [CallerClaims.Kind, ClaimTypes.Name, CallerClaims.Brand, ClaimTypes.Role, CallerClaims.KeyId, CallerClaims.AllowUrgent];

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Inbox.Hub.Ticket.v1").ToTimeLimitedDataProtector();

    /// <summary>A ticket for the caller an API key made; null for anyone else (an agent connects with the sign-in cookie).</summary>
    public (string Ticket, DateTimeOffset ExpiresAt)? Issue(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(CallerClaims.Kind) is not ("apikey" or "owner")) return null;
        var claims = Carried.Select(type => (type, value: user.FindFirstValue(type))).Where(c => c.value is not null)
            .ToDictionary(c => c.type, c => c.value!);
        var expires = time.GetUtcNow() + Lifetime;
        return (_protector.Protect(JsonSerializer.Serialize(claims), expires), expires);
    }

    /// <summary>The claims inside a ticket that is genuine and not yet expired; null otherwise (an API key given instead is simply not a ticket).</summary>
    public Claim[]? Read(string ticket)
    {
        try
        {
            var json = _protector.Unprotect(ticket, out var expires);
            if (expires < time.GetUtcNow()) return null;
            var claims = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            return claims?.Select(c => new Claim(c.Key, c.Value)).ToArray();
        }
        catch (Exception failed) when (failed is System.Security.Cryptography.CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Authenticates a hub request by its ticket: the <c>access_token</c> query parameter (browsers, WebSockets) or the
/// bearer header (the .NET client sends it there). Only tickets: the API key itself is refused here, wherever it is put.
/// </summary>
internal sealed class HubTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, HubTickets tickets)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HubTicket";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var ticket = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : Request.Query["access_token"].ToString();
        if (ticket.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        if (tickets.Read(ticket) is not { } claims) return Task.FromResult(AuthenticateResult.Fail("Not a hub ticket, or an expired one: get one from POST /api/v1/hub/tickets."));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

public static class HubTicketsApi
{
    public sealed record HubTicket(string Ticket, DateTimeOffset ExpiresAt);

    /// <summary>POST /api/v1/hub/tickets: an API key (never a cookie) trades itself for a ticket that opens one hub connection within a minute.</summary>
    public static RouteGroupBuilder MapHubTickets(this RouteGroupBuilder api)
    {
        api.MapPost("/hub/tickets", (HttpContext http, HubTickets tickets) =>
                tickets.Issue(http.User) is { } issued
                    ? Results.Ok(new HubTicket(issued.Ticket, issued.ExpiresAt))
                    : throw Refuse.Forbidden("Hub tickets are for API keys; a signed-in agent connects to /hubs/inbox with the sign-in cookie."))
            .Produces<HubTicket>().WithTags("Live events").WithSummary("A ticket for connecting to the /hubs/inbox hub (access_token), good for one minute.");
        return api;
    }
}
