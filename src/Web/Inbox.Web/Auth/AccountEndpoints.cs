using System.Security.Claims;
using Inbox.Actors;
using Inbox.Silo.Agents;
using Inbox.Silo.Queries;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Inbox.Web.Auth;

public static class AccountEndpoints
{
    /// <summary>POST /account/login (email, password; form or JSON) sets the agent's cookie; POST /account/logout clears it.</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").DisableAntiforgery();
        account.MapPost("/login", async (HttpContext context, DirectoryQueries directory, IGrainFactory grains) =>
        {
            var (email, password, returnUrl) = await ReadAsync(context.Request);
            var agentId = email is null ? null : await directory.AgentIdByEmailAsync(email);
            if (agentId is null || password is null || !await grains.GetGrain<IAgentGrain>(agentId).CheckPassword(password))
            {
                return context.Request.HasFormContentType
                    ? Results.LocalRedirect($"/login?failed=1&returnUrl={Uri.EscapeDataString(Local(returnUrl))}")
                    : Results.Problem(statusCode: 401, title: "Sign-in failed", detail: "The email or the password is wrong.");
            }
            var agent = (await grains.GetGrain<IAgentGrain>(agentId).Get())!;
            var identity = new ClaimsIdentity([new(CallerClaims.Kind, "agent"), new(CallerClaims.Agent, agentId), new(ClaimTypes.Name, agent.Name)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return context.Request.HasFormContentType ? Results.LocalRedirect(Local(returnUrl)) : Results.NoContent();
        });
        account.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return context.Request.HasFormContentType ? Results.LocalRedirect("/") : Results.NoContent();
        });
        return endpoints;
    }

    /// <summary>Only a path on this site ("/…", not "//host" or "/\\host"); anything else goes home.</summary>
    private static string Local(string? returnUrl) =>
        returnUrl is ['/', var second, ..] && second is not '/' and not '\\' || returnUrl == "/" ? returnUrl : "/";

    private static async Task<(string? Email, string? Password, string? ReturnUrl)> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return (form["email"], form["password"], form["returnUrl"]);
        }
        var body = await request.ReadFromJsonAsync<Login>();
        return (body?.Email, body?.Password, null);
    }

    private sealed record Login(string? Email, string? Password);
}
