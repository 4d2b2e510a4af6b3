using System.Globalization;
using System.Text.Json;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Meta;

/// <summary>
/// What one Meta webhook carried: the events to process, in the order Meta listed them, and a line for
/// each item no rule reads (a new message type, a field we did not subscribe to), which is acknowledged
/// and logged rather than refused, so Meta does not redeliver it for days.
/// </summary>
public sealed record MetaPayload(IReadOnlyList<InboundEvent> Events, IReadOnlyList<string> Ignored);

/// <summary>The body is not the JSON Meta sends (not JSON at all, or no entry list): the webhook answers 400.</summary>
public sealed class MalformedPayloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Tolerant reads of Meta's JSON: a missing or oddly typed field is absent, never an exception.</summary>
internal static class MetaJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException bad)
        {
            throw new MalformedPayloadException($"The body is not JSON: {bad.Message}", bad);
        }
    }

    /// <summary>The top-level entry array; a body without one is not a Meta webhook.</summary>
    public static JsonElement Entries(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entry", out var entry) || entry.ValueKind != JsonValueKind.Array)
            throw new MalformedPayloadException("A Meta webhook is an object with an \"entry\" array.");
        return entry;
    }

    public static JsonElement? Obj(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    /// <summary>A string, or a number written as one (Meta sends ids both ways).</summary>
    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static string? Str(this JsonElement? element, string name) => element is { } e ? e.Str(name) : null;

    public static long? Long(this JsonElement element, string name) =>
        long.TryParse(element.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static double? Double(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : double.TryParse(element.Str(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    public static bool Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static string? NullIfEmpty(this string? value) => string.IsNullOrEmpty(value) ? null : value;
}
