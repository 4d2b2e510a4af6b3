using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// JSON as Meta writes it: fields in the order given, every non-ASCII character as a lowercase <c>\uXXXX</c>
/// escape (a pair for characters beyond the BMP) and <c>/</c> as <c>\/</c>, so a receiver that re-serialises
/// before checking the signature fails here as it would against Meta.
/// </summary>
public static partial class WhatsAppFakeJson
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Bytes(JsonNode node)
    {
        // The relaxed encoder still escapes characters beyond the BMP, in upper case: Meta's escapes are lower case.
        var plain = EscapeInUpperCase().Replace(node.ToJsonString(Relaxed), m => m.Groups[1].Value + "\\u" + m.Groups[2].Value.ToLowerInvariant());
        var meta = new StringBuilder(plain.Length + 16);
        foreach (var c in plain)
        {
            // Outside strings JSON has neither, so escaping them wherever they occur only touches string contents.
            if (c > 0x7F) meta.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else if (c == '/') meta.Append("\\/");
            else meta.Append(c);
        }
        return Encoding.ASCII.GetBytes(meta.ToString());
    }

    /// <summary>Graph's error envelope; <c>error_subcode</c> and <c>error_data</c> appear only when Meta would give them.</summary>
    public static byte[] Error(WhatsAppFakeError error)
    {
        var body = new JsonObject
        {
            ["message"] = error.Message,
            ["type"] = error.Type,
            ["code"] = error.Code,
        };
        if (error.Details is { } details) body["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        if (error.Subcode is { } subcode) body["error_subcode"] = subcode;
        body["fbtrace_id"] = TraceId();
        return Bytes(new JsonObject { ["error"] = body });
    }

    /// <summary>A <c>\uXXXX</c> escape, not an escaped backslash followed by a "u".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\\)((?:\\\\)*)\\u([0-9A-Fa-f]{4})")]
    private static partial System.Text.RegularExpressions.Regex EscapeInUpperCase();

    /// <summary>An opaque trace id of the shape Meta's support asks for.</summary>
    public static string TraceId() =>
        "A" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y')[..19];
}

/// <summary>A Graph error: the HTTP status and the envelope's fields.</summary>
public sealed record WhatsAppFakeError(int HttpStatus, int Code, string Message, string Type = "OAuthException", int? Subcode = null, string? Details = null)
{
    /// <summary>A WhatsApp error as the Cloud API words it: "(#code) title" with the details apart.</summary>
    public static WhatsAppFakeError Of(int code, string title, string? details = null, int status = 400) =>
        new(status, code, $"(#{code}) {title}", "OAuthException", null, details);

    public static WhatsAppFakeError NoObject(string id, string method) => new(400, 100,
        $"Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        "GraphMethodException", 33);

    public static readonly WhatsAppFakeError NoToken = new(401, 190, "An active access token must be used to query information about the current user.");

    public static readonly WhatsAppFakeError BadToken = new(401, 190, "Invalid OAuth access token - Cannot parse access token");
}
