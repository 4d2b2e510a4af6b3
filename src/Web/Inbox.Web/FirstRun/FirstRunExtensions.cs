using Inbox.Silo;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Microsoft.Extensions.Options;

namespace Inbox.Web.FirstRun;

public static class FirstRunExtensions
{
    /// <summary>After the demo data (which brings its own owner): makes the configured owner, or writes the setup link to the log.</summary>
    public static IServiceCollection AddFirstRun(this IServiceCollection services)
    {
        services.AddOptions<FirstRunOptions>().BindConfiguration("Inbox:Owner");
        services.AddSingleton<FirstRunState>();
        return services.AddHostedService<FirstRunStart>();
    }

    /// <summary>
    /// Until the instance has an owner, pages lead to the setup page and the API answers 503; health checks
    /// and static files stay reachable.
    /// </summary>
    public static WebApplication UseFirstRun(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!IsOpenBeforeSetup(context.Request) && await context.RequestServices.GetRequiredService<FirstRunState>().NeedsOwnerAsync())
            {
                await (AuthExtensions.IsApi(context.Request)
                    ? ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "setup_required",
                        "Inbox has no owner yet: open the setup link written to the log at start (/setup?token=…) to make one.")
                    : Results.LocalRedirect("/setup")).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Health checks, the setup page and its form, and static files (GETs of paths with an extension).</summary>
    public static bool IsOpenBeforeSetup(HttpRequest request) =>
        request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/setup") || request.Path.StartsWithSegments("/account/setup")
        || HttpMethods.IsGet(request.Method) && Path.HasExtension(request.Path.Value);

    public static IEndpointRouteBuilder MapFirstRun(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/setup", SetupAsync).DisableAntiforgery()
            .Accepts<SetupForm>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status302Found)
            .ProducesValidationProblem()
            .WithTags("Account")
            .WithSummary("The setup page's form (with its antiforgery token): the token from the log makes the first owner and signs them in.");
        return endpoints;
    }

    /// <summary>The setup form: the token from the log, and the first owner's name, email and password. Signs the new owner in.</summary>
    private static async Task<IResult> SetupAsync(HttpContext context, FirstRunState firstRun, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
        IGrainFactory grains)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
            return ApiProblems.Invalid("antiforgery_failed", "The setup form was not posted from this site's setup page: open /setup and try again.", "__RequestVerificationToken");
        var form = await context.Request.ReadFormAsync();
        string token = form["token"].ToString(), password = form["password"].ToString();
        string? agentId;
        try
        {
            agentId = await firstRun.CompleteAsync(token, form["name"], form["email"], password);
        }
        catch (DomainException refused)
        {
            return Results.LocalRedirect($"/setup?token={Uri.EscapeDataString(token)}&failed={Uri.EscapeDataString(refused.Code)}");
        }
        if (agentId is null) return Results.LocalRedirect(await firstRun.NeedsOwnerAsync() ? "/setup?failed=token" : "/login");
        var agent = grains.GetGrain<Inbox.Silo.Agents.IAgentGrain>(agentId);
        var signedIn = await agent.SignIn(password);
        await Sessions.IssueAsync(context, (await agent.Get())!, signedIn.SessionId!);
        return Results.LocalRedirect("/");
    }
}

/// <summary>The setup page's fields.</summary>
public sealed record SetupForm(string? Token, string? Name, string? Email, string? Password);

internal sealed class FirstRunStart(FirstRunState state, IOptions<FirstRunOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.StartAsync(options.Value);
        }
        catch (DomainException refused)
        {
            throw new InvalidOperationException($"Inbox:Owner cannot make the first owner: {refused.Message}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
