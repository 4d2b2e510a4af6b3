using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Inbox.Silo.Queries;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

/// <summary>Turns "Bearer &lt;key&gt;" into the key's brand and role, or into the owner.</summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    DirectoryQueries directory, IOptions<OwnerKeyOptions> owner, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var key = header["Bearer ".Length..].Trim();
        if (key.Length == 0) return AuthenticateResult.Fail("The bearer key is empty.");

        if (owner.Value.OwnerApiKey is { Length: > 0 } ownerKey && FixedTimeEquals(key, ownerKey))
            return Success([new(CallerClaims.Kind, "owner"), new(ClaimTypes.Name, "owner")]);
        var found = await directory.ApiKeyAsync(key, time.GetUtcNow());
        if (found is null) return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        Claim[] claims = [
            new(CallerClaims.Kind, "apikey"), new(ClaimTypes.Name, found.Name), new(CallerClaims.Brand, found.BrandId),
            new(ClaimTypes.Role, found.Role.ToString()), new(CallerClaims.KeyId, found.KeyId)];
        return Success(found.AllowUrgent ? [.. claims, new(CallerClaims.AllowUrgent, "true")] : claims);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
