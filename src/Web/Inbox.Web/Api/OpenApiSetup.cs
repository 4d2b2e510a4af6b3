using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace Inbox.Web.Api;

/// <summary>
/// /openapi/v1.json, complete enough to integrate from: each operation's success and problem
/// answers, the two ways to authenticate, request bodies, enums by name.
/// </summary>
public static class OpenApiSetup
{
    public const string ApiKey = "apiKey";
    public const string Cookie = "cookie";

    public static IServiceCollection AddInboxOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Inbox API";
            document.Info.Description = "One inbox across SMS, WhatsApp, Messenger and Telegram. Errors are problem details (RFC 7807) with a stable `code`; "
                + "400 names the fields at fault in `errors`. Status rule: 404 unknown or not yours to see, 422 refused by a rule, 409 conflict with current state, 400 malformed.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "A brand's API key (POST /api/v1/brands/{brandId}/api-keys) or the owner key: `Authorization: Bearer <key>`.",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "inbox.auth",
                Description = "The cookie POST /account/login sets for an agent.",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, context.Document)] = [] },
                ];
            }
            return Task.CompletedTask;
        });
    });

    /// <summary>The problem answers every API operation may give, by the status rule; writes may also conflict or be refused by a rule.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToArray();
            var writes = methods.Any(m => m is not "GET" and not "HEAD");
            endpoint.Metadata.Add(Problem(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails)));
            foreach (var status in (int[])[401, 403, 404]) endpoint.Metadata.Add(Problem(status));
            if (writes)
            {
                foreach (var status in (int[])[409, 422]) endpoint.Metadata.Add(Problem(status));
                if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any()) endpoint.Metadata.Add(Problem(StatusCodes.Status415UnsupportedMediaType));
            }
        });
        return builder;
    }

    private static ProducesResponseTypeMetadata Problem(int status, Type? type = null) =>
        new(status, type ?? typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]);
}
