using System.Globalization;
using System.Text.Json;
using Inbox.Silo.Agents;
using Inbox.Silo.Queries;
using Inbox.Web.Api;
using Inbox.Web.Demo;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

public static class AccountEndpoints
{
    /// <summary>POST /account/login (email, password; form or JSON) sets the agent's cookie; POST /account/logout ends the session.</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        // JSON sign-in is for API clients and carries no cookie a browser would send cross-site; the form is checked by hand below.
        var account = endpoints.MapGroup("/account").DisableAntiforgery();
        account.MapPost("/login", LoginAsync)
            .Accepts<LoginBody>("application/json", "application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithTags("Account")
            .WithSummary("Sign in as an agent: JSON answers 204 with the cookie, a form post (with its antiforgery token) redirects to returnUrl.");
        account.MapPost("/logout", async (HttpContext context, IGrainFactory grains) =>
        {
            await Sessions.EndAsync(context, grains);
            return context.Request.HasFormContentType ? Results.LocalRedirect("/") : Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status302Found).WithTags("Account").WithSummary("Sign out: ends this session.");
        account.MapPost("/password", ChangePasswordAsync)
            .Accepts<PasswordForm>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem()
            .WithTags("Account")
            .WithSummary("The password page's form (with its antiforgery token): redirects to / or back to /password?failed=<code>. API clients use POST /api/v1/me/password.");
        return endpoints;
    }

    /// <summary>The password page's form: a new password, typed twice. Every other session ends; this one is renewed.</summary>
    private static async Task<IResult> ChangePasswordAsync(HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, PasswordPolicy policy)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
            return ApiProblems.Invalid("antiforgery_failed", "The form was not posted from this site's password page: open /password and try again.", "__RequestVerificationToken");
        if (context.User.FindFirst(CallerClaims.Agent)?.Value is not { } agentId) return Results.LocalRedirect("/login?ReturnUrl=%2Fpassword");
        var form = await context.Request.ReadFormAsync();
        string current = form["currentPassword"].ToString(), next = form["newPassword"].ToString();
        if (next != form["newPasswordAgain"].ToString()) return Results.LocalRedirect("/password?failed=mismatch");
        try
        {
            await Sessions.ChangePasswordAsync(context, grains, agentId, current, policy.Ensure(next, "newPassword"));
        }
        catch (Inbox.Silo.DomainException refused)
        {
            return Results.LocalRedirect("/password?failed=" + Uri.EscapeDataString(refused.Code));
        }
        return Results.LocalRedirect("/");
    }

    private static async Task<IResult> LoginAsync(HttpContext context, DirectoryQueries directory, IGrainFactory grains, SignInThrottle throttle,
        IAntiforgery antiforgery, IOptions<DemoOptions> demo, ILogger<SignInThrottle> logger)
    {
        var form = context.Request.HasFormContentType;
        if (!form && !context.Request.HasJsonContentType())
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Sign in with a JSON body {\"email\", \"password\"} or a form post.");
        if (form && !await antiforgery.IsRequestValidAsync(context))
            return ApiProblems.Invalid("antiforgery_failed", "The sign-in form was not posted from this site's sign-in page: open /login and try again.", "__RequestVerificationToken");
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
        email ??= "";
        password ??= "";
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

        if (await throttle.WaitAsync(email, address) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            SignInLog.Throttled(logger, address, seconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return form
                ? Results.LocalRedirect($"/login?wait={seconds}&returnUrl={Uri.EscapeDataString(Local(returnUrl))}")
                : ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "sign_in_throttled",
                    $"Too many failed sign-ins for this account or from this address: try again in {seconds} s.");
        }

        var agentId = await directory.AgentIdByEmailAsync(email);
        var result = agentId is null ? null : await grains.GetGrain<IAgentGrain>(agentId).SignIn(password);
        if (result is null) Passwords.VerifyNobody(password); // an unknown email costs what a wrong password costs
        if (result?.Status != SignInStatus.SignedIn)
        {
            if (result?.Status != SignInStatus.Disabled) await throttle.FailedAsync(email, address);
            return form
                ? Failed(result?.Status == SignInStatus.Disabled ? "disabled" : "1", returnUrl)
                : result?.Status == SignInStatus.Disabled
                    ? ApiProblems.Problem(StatusCodes.Status401Unauthorized, "agent_disabled", "This agent is disabled: ask an admin to enable them.")
                    : ApiProblems.Problem(StatusCodes.Status401Unauthorized, "sign_in_failed", "The email or the password is wrong.");
        }
        await throttle.SucceededAsync(email);
        // An account seeded by the demo and carried into a real deployment must not open with the password the README publishes.
        if (!demo.Value.Enabled && password == DemoData.Password)
        {
            await grains.GetGrain<IAgentGrain>(agentId!).EndSession(result.SessionId!);
            return form
                ? Failed("demo_password", returnUrl)
                : ApiProblems.Problem(StatusCodes.Status401Unauthorized, "demo_password",
                    "This account still has the demo's published password, which works only in the demo: ask an admin to reset it.");
        }
        var agent = (await grains.GetGrain<IAgentGrain>(agentId!).Get())!;
        await Sessions.IssueAsync(context, agent, result.SessionId!);
        if (form && result.MustChangePassword) return Results.LocalRedirect("/password?required=1");
        return form ? Results.LocalRedirect(Local(returnUrl)) : Results.NoContent();
    }

    /// <summary>Back to the sign-in page, which says why: a wrong password ("1"), a disabled agent, the demo's password.</summary>
    private static IResult Failed(string reason, string? returnUrl) =>
        Results.LocalRedirect($"/login?failed={reason}&returnUrl={Uri.EscapeDataString(Local(returnUrl))}");

    /// <summary>Where a sign-in without a page to return to lands: the inbox, the screen an agent works in.</summary>
    public const string Landing = "/inbox";

    /// <summary>Only a path on this site ("/…", not "//host" or "/\\host"); anything else lands on the inbox.</summary>
    private static string Local(string? returnUrl) =>
        returnUrl is ['/', var second, ..] && second is not '/' and not '\\' || returnUrl == "/" ? returnUrl : Landing;

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

    /// <summary>The password page's fields.</summary>
    public sealed record PasswordForm(string? CurrentPassword, string? NewPassword, string? NewPasswordAgain);

    /// <summary>A sign-in: as JSON, or as the form fields email, password and returnUrl.</summary>
    public sealed record LoginBody(string? Email, string? Password, string? ReturnUrl = null);
}

internal static partial class SignInLog
{
    [LoggerMessage(LogLevel.Information, "Sign-in throttled from {Address}: retry after {Seconds} s")]
    public static partial void Throttled(ILogger logger, string address, int seconds);
}
