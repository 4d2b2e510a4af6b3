using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Inbox.Web.Api;

/// <summary>
/// Turns a failed binding into the field at fault and what it expects. The framework says which
/// parameter failed in its message and, for JSON, where in the body (the exception's path); the
/// endpoint's own parameter and body types say what the field expects.
/// </summary>
internal static partial class BindingErrors
{
    public static IResult Describe(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return ApiProblems.Problem(bad.StatusCode, "unsupported_media_type", $"{bad.Message} Send the body as application/json.");
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return ApiProblems.Problem(bad.StatusCode, "payload_too_large", "The request body is too large.");
        if (bad.InnerException is JsonException json) return Describe(context, json);
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && bad.Message.Contains("not provided", StringComparison.OrdinalIgnoreCase)
            || bad.Message.StartsWith("Implicit body", StringComparison.Ordinal))
            return ApiProblems.Invalid("missing_body", $"A JSON body is required{Expecting(BodyType(context))}.", ApiProblems.Body);
        if (Parameter().Match(bad.Message) is { Success: true } match)
        {
            var name = match.Groups["name"].Value;
            var type = ParameterType(context, name);
            return bad.Message.StartsWith("Required", StringComparison.Ordinal)
                ? ApiProblems.Invalid("missing_" + name, $"'{name}' is required{Expecting(type)}.", name)
                : ApiProblems.Invalid("bad_" + name, $"'{match.Groups["value"].Value}' is not a valid {name}{Expecting(type)}.", name);
        }
        return ApiProblems.Invalid("bad_request", bad.Message, ApiProblems.Body, bad.StatusCode);
    }

    public static IResult Describe(HttpContext context, JsonException json)
    {
        var path = json.Path ?? "$";
        var root = BodyType(context);
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal) && Quoted().Match(json.Message[json.Message.IndexOf("including", StringComparison.Ordinal)..]) is { Success: true } missing)
        {
            var field = Join(path, missing.Groups[1].Value);
            return ApiProblems.Invalid("missing_" + Last(field), $"'{field}' is required{Expecting(TypeAt(root, field))}.", field);
        }
        var at = Field(path);
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            var expects = Expecting(TypeAt(root, at == ApiProblems.Body ? "" : at));
            return ApiProblems.Invalid(at == ApiProblems.Body ? "wrong_body_kind" : "bad_" + Last(at),
                at == ApiProblems.Body ? $"The body has the wrong JSON kind{expects}." : $"'{at}' has the wrong type or value{expects}.", at);
        }
        if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal))
            return ApiProblems.Invalid("too_deep", $"The body nests deeper than {Wire.MaxDepth} levels.", at);
        var position = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        return ApiProblems.Invalid("malformed_json", $"The body is not valid JSON{position}.", at);
    }

    /// <summary>", expected …" for a type, or nothing when the type is unknown.</summary>
    private static string Expecting(Type? type) => type is null ? "" : $": expected {InputTypes.Describe(type)}";

    private static Type? BodyType(HttpContext context) => Endpoint(context)?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    private static Type? ParameterType(HttpContext context, string name) =>
        Endpoint(context)?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;

    /// <summary>The endpoint that failed: the exception handler clears the request's endpoint before it runs, and keeps it in its feature.</summary>
    private static Endpoint? Endpoint(HttpContext context) => context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();

    private static Type? TypeAt(Type? root, string field) => root is null ? null : InputTypes.At(root, field);

    /// <summary>"$.quietHours.from" → "quietHours.from"; "$[0].kind" → "[0].kind"; "$" → the body.</summary>
    private static string Field(string path) => path switch
    {
        "$" or "" => ApiProblems.Body,
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith('$') => path[1..],
        _ => path,
    };

    private static string Join(string path, string property) => Field(path) is var parent && parent == ApiProblems.Body ? property : $"{parent}.{property}";

    private static string Last(string field) => field[(field.LastIndexOfAny(['.', ']']) + 1)..] is { Length: > 0 } last ? last : "body";

    [GeneratedRegex("""parameter "(?<type>[^"]+) (?<name>[A-Za-z_]\w*)"(?: from "(?<value>[^"]*)")?""")]
    private static partial Regex Parameter();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
