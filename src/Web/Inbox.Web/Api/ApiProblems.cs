using Inbox.Silo;

namespace Inbox.Web.Api;

/// <summary>
/// Every error answer of the API: problem details (RFC 7807) with a stable <c>code</c>, and for
/// malformed input (400) an <c>errors</c> object naming each field at fault, as ASP.NET Core's
/// validation problems do. The status rule is in docs/domain.md.
/// </summary>
public static class ApiProblems
{
    /// <summary>The key in <c>errors</c> for the request body as a whole (not one of its fields).</summary>
    public const string Body = "$";

    public static int Status(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorKind.Refused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult For(DomainException refused) => refused.Kind == DomainErrorKind.Invalid
        ? Invalid(refused.Code, refused.Message, refused.Field ?? Body)
        : Problem(Status(refused.Kind), refused.Code, refused.Message);

    /// <summary>400 for malformed input: <paramref name="field"/> is a JSON path without its "$." or a query or route parameter.</summary>
    public static IResult Invalid(string code, string message, string field, int status = StatusCodes.Status400BadRequest) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] }, detail: message, statusCode: status, title: Title(status),
        type: TypeOf(code), extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult Problem(int status, string code, string detail) => Results.Problem(
        statusCode: status, title: Title(status), detail: detail, type: TypeOf(code), extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>A status answered without a body (no route, no credentials, a method not allowed) gets one.</summary>
    public static IResult ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => Problem(status, "not_found", "Nothing is here: check the path and the id."),
        StatusCodes.Status401Unauthorized => Problem(status, "unauthorized", "Sign in, or send 'Authorization: Bearer <API key>'."),
        StatusCodes.Status403Forbidden => Problem(status, "forbidden", "Your role does not allow this."),
        StatusCodes.Status405MethodNotAllowed => Problem(status, "method_not_allowed", "This path does not take that HTTP method."),
        StatusCodes.Status413PayloadTooLarge => Problem(status, "payload_too_large", "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => Problem(status, "unsupported_media_type", "Send the body as application/json (a file to upload as multipart/form-data)."),
        _ => Problem(status, "http_" + status, Title(status)),
    };

    public static string Title(int status) => status switch
    {
        400 => "Invalid request",
        401 => "Not signed in",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Refused by a rule",
        429 => "Too many requests",
        502 => "The provider refused or failed",
        503 => "Unavailable, try again",
        _ => "Error",
    };

    private static string TypeOf(string code) => $"https://inbox.dev/problems/{code}";
}
