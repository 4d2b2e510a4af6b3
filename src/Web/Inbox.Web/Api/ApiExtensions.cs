using Inbox.Silo;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Inbox.Web.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddInboxApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadInputHandler>();
        services.AddInboxOpenApi();
        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(o => Wire.Configure(o.SerializerOptions));
        // Binding failures throw, so BadInputHandler can answer them with the field at fault in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>API and webhook paths answer errors as problem details (RFC 7807); pages get the UI's error pages.</summary>
    public static WebApplication UseInboxErrors(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(c => AuthExtensions.IsApi(c.Request), api =>
        {
            // The UI's not-found page is for people; API clients get problem details instead.
            api.Use((context, next) =>
            {
                if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                return next(context);
            });
            api.UseExceptionHandler();
            api.UseStatusCodePages(context => ApiProblems.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        });
        return app;
    }

    /// <summary>The /api/v1 group: authenticated, domain refusals and bad input mapped to problem details.</summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        return endpoints.MapGroup("/api/v1")
            .RequireAuthorization(AuthExtensions.Authenticated)
            .DisableAntiforgery()
            .RequirePendingPasswordChange()
            .AnswerRefusalsAsProblems();
    }

    /// <summary>A domain rule's refusal becomes problem details with its stable code, not a 500; undefined enum values are refused first.</summary>
    public static RouteGroupBuilder AnswerRefusalsAsProblems(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory(DefinedEnums.Filter);
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (DomainException refused)
            {
                return ApiProblems.For(refused);
            }
        });
        return group.ProducesProblems();
    }

    /// <summary>Reads a required value from a JSON body, with a problem-details refusal naming the field when it is missing.</summary>
    public static T Required<T>(T? value, string name) where T : class =>
        value ?? throw Missing(name);

    public static T Required<T>(T? value, string name) where T : struct =>
        value ?? throw Missing(name);

    /// <summary>A page size: 1 to <paramref name="max"/>, <paramref name="fallback"/> when not given.</summary>
    public static int Limit(int? limit, int fallback = 50, int max = 200) => limit switch
    {
        null => fallback,
        >= 1 when limit <= max => limit.Value,
        _ => throw Refuse.Invalid("bad_limit", $"limit is a page size from 1 to {max}.", "limit"),
    };

    private static DomainException Missing(string name) => Refuse.Invalid("missing_" + name, $"The field '{name}' is required.", name);
}
