using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

public static class AuthExtensions
{
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>
    /// Two ways in: "Authorization: Bearer &lt;api key&gt;" (a brand's key, or the owner key from
    /// Inbox:OwnerApiKey) and the cookie of an agent who signed in. The API answers 401 and 403,
    /// never a redirect to a sign-in page.
    /// </summary>
    public static IServiceCollection AddInboxAuth(this IServiceCollection services)
    {
        services.AddOptions<OwnerKeyOptions>().BindConfiguration("Inbox")
            .PostConfigure<IOptions<Demo.DemoOptions>>((owner, demo) =>
            {
                // The demo's known owner key exists only while the demo is on, and never over a configured one.
                if (demo.Value.Enabled && string.IsNullOrEmpty(owner.OwnerApiKey)) owner.OwnerApiKey = Demo.DemoData.DemoOwnerKey;
            });
        services.AddOptions<SignInOptions>().BindConfiguration("Inbox:SignIn").ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Inbox:SignIn: FirstDelay > 0, MaxDelay >= FirstDelay, ForgetAfter >= MaxDelay, TrustedProxies are IP addresses.")
            .ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<PasswordPolicy>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SignInOptions>>((forwarded, signIn) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed (not even loopback by default), so a client cannot choose its own address.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in signIn.Value.TrustedProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Inbox";
                o.DefaultChallengeScheme = "Inbox";
            })
            .AddPolicyScheme("Inbox", "API key or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "inbox.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the site is served over HTTPS
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
            });
        services.AddAuthorization(o =>
        {
            o.FallbackPolicy = null;
            o.AddPolicy(OwnerRequirement.Policy, p => p.AddRequirements(new OwnerRequirement()));
        });
        services.AddSingleton<IAuthorizationHandler, OwnerHandler>();
        services.AddCascadingAuthenticationState();
        services.AddLiveSessions();
        services.AddScoped<CallerAccessor>();
        return services;
    }

    /// <summary>Forwarded headers only from a trusted proxy; HSTS outside Development. First in the pipeline, so everything after sees the client's address.</summary>
    public static WebApplication UseInboxTransport(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SignInOptions>>().Value.TrustedProxies.Length > 0) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }

    /// <summary>While an admin's reset (or the first run's one-time password) is pending, every page leads to the password page.</summary>
    public static WebApplication UsePendingPasswordChange(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.HasClaim(c => c.Type == Sessions.MustChangeClaim) && !IsApi(context.Request) && !FirstRun.FirstRunExtensions.IsOpenBeforeSetup(context.Request)
                && !path.StartsWithSegments("/password") && !path.StartsWithSegments("/login") && !path.StartsWithSegments("/_blazor"))
            {
                context.Response.Redirect("/password?required=1");
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>While a password set for the agent is pending (an admin's reset, the first run's), they may only see who they are and choose their own.</summary>
    public static RouteGroupBuilder RequirePendingPasswordChange(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.HasClaim(c => c.Type == Sessions.MustChangeClaim)
                && !(http.Request.Path.Equals("/api/v1/me", StringComparison.OrdinalIgnoreCase) || http.Request.Path.StartsWithSegments("/api/v1/me/password", StringComparison.OrdinalIgnoreCase)))
                return Api.ApiProblems.Problem(StatusCodes.Status403Forbidden, "password_change_required", "Your password was set for you (by an admin, or for the first run): choose your own (POST /api/v1/me/password) first.");
            return await next(context);
        });
        return group;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!IsApi(context.Request)) context.Response.Redirect(context.RedirectUri);
        else context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>Paths machines call: answered with status codes and problem details, never with a page or a redirect to one.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/webhooks") || request.Path.StartsWithSegments("/hubs")
        || request.Path.StartsWithSegments("/account");

    public static AuthorizationPolicy Authenticated { get; } = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
}

public sealed class OwnerKeyOptions
{
    /// <summary>The instance owner's API key (manages brands). Unset: no owner key is accepted.</summary>
    public string? OwnerApiKey { get; set; }
}
