using System.Security.Claims;
using Inbox.Actors;
using Inbox.Silo.Agents;
using Inbox.Silo.Queries;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Text.Json;
using Inbox.Web.Api;

namespace Inbox.Web.Auth;

public static class AccountEndpoints
{
    /// <summary>POST /account/login (email, password; form or JSON) sets the agent's cookie; POST /account/logout clears it.</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").DisableAntiforgery();
        account.MapPost("/login", async (HttpContext context, DirectoryQueries directory, IGrainFactory grains) =>
        {
            var form = context.Request.HasFormContentType;
            if (!form && !context.Request.HasJsonContentType())
                return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Sign in with a JSON body {\"email\", \"password\"} or a form post.");
            string? email, password, returnUrl;
            try
            {
                (email, password, returnUrl) = await ReadAsync(context.Request);
            }
            catch (JsonException malformed)
            {
                return BindingErrors.Describe(context, malformed);
            }
            if (!form && string.IsNullOrEmpty(email)) return ApiProblems.Invalid("missing_email", "The field 'email' is required.", "email");
            if (!form && string.IsNullOrEmpty(password)) return ApiProblems.Invalid("missing_password", "The field 'password' is required.", "password");
            var agentId = email is null ? null : await directory.AgentIdByEmailAsync(email);
            if (agentId is null || password is null || !await grains.GetGrain<IAgentGrain>(agentId).CheckPassword(password))
            {
                return context.Request.HasFormContentType
                    ? Results.LocalRedirect($"/login?failed=1&returnUrl={Uri.EscapeDataString(Local(returnUrl))}")
                    : ApiProblems.Problem(StatusCodes.Status401Unauthorized, "sign_in_failed", "The email or the password is wrong.");
            }
            var agent = (await grains.GetGrain<IAgentGrain>(agentId).Get())!;
            var identity = new ClaimsIdentity([new(CallerClaims.Kind, "agent"), new(CallerClaims.Agent, agentId), new(ClaimTypes.Name, agent.Name)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return context.Request.HasFormContentType ? Results.LocalRedirect(Local(returnUrl)) : Results.NoContent();
        })
            .Accepts<LoginBody>("application/json", "application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithTags("Account")
            .WithSummary("Sign in as an agent: JSON answers 204 with the cookie, a form post redirects to returnUrl.");
        account.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return context.Request.HasFormContentType ? Results.LocalRedirect("/") : Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status302Found).WithTags("Account").WithSummary("Sign out: ends this session's cookie.");
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
        var body = await request.ReadFromJsonAsync<LoginBody>();
        return (body?.Email, body?.Password, null);
    }

    /// <summary>A sign-in: as JSON, or as the form fields email, password and returnUrl.</summary>
    public sealed record LoginBody(string? Email, string? Password, string? ReturnUrl = null);
}
