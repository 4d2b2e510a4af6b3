using Inbox.Silo;
using Microsoft.AspNetCore.Diagnostics;
using Inbox.Web.Auth;

namespace Inbox.Web.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddInboxApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
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
            api.UseStatusCodePages();
        });
        return app;
    }

    /// <summary>The /api/v1 group: authenticated, domain refusals mapped to problem details.</summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        return endpoints.MapGroup("/api/v1")
            .RequireAuthorization(AuthExtensions.Authenticated)
            .DisableAntiforgery()
            .AnswerRefusalsAsProblems();
    }

    /// <summary>A domain rule's refusal becomes problem details with its stable code, not a 500.</summary>
    public static RouteGroupBuilder AnswerRefusalsAsProblems(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        try
        {
            return await next(context);
        }
        catch (DomainException refused)
        {
            return Problem(refused);
        }
    });

    public static IResult Problem(DomainException refused) => Results.Problem(
        statusCode: refused.Kind switch
        {
            DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
            DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
            DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        },
        title: refused.Kind switch
        {
            DomainErrorKind.NotFound => "Not found",
            DomainErrorKind.Conflict => "Conflict",
            DomainErrorKind.Forbidden => "Forbidden",
            _ => "Invalid request",
        },
        detail: refused.Message,
        type: $"https://inbox.dev/problems/{refused.Code}",
        extensions: new Dictionary<string, object?> { ["code"] = refused.Code });

    /// <summary>Reads a required value from a JSON body, with a problem-details refusal when it is missing.</summary>
    public static T Required<T>(T? value, string name) where T : class =>
        value ?? throw Refuse.Invalid("missing_" + name, $"The field '{name}' is required.");

    public static T Required<T>(T? value, string name) where T : struct =>
        value ?? throw Refuse.Invalid("missing_" + name, $"The field '{name}' is required.");
}
