using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>A file part of a multipart call, as uploaded.</summary>
public sealed record TelegramFakeUpload(byte[] Content, string? FileName, string? ContentType);

/// <summary>
/// One Bot API call's parameters as Telegram reads them, from the query, a JSON body, a form or a multipart body alike:
/// a form carries every value as a string (an object such as reply_parameters as its JSON text), JSON as its own type,
/// and Telegram takes either. Files come from multipart parts.
/// </summary>
public sealed class TelegramFakeCall(string method, IReadOnlyDictionary<string, JsonNode?> values, IReadOnlyDictionary<string, TelegramFakeUpload> uploads)
{
    /// <summary>The method as Telegram resolves it: case-insensitive.</summary>
    public string Method { get; } = method;

    public IReadOnlyDictionary<string, JsonNode?> Values { get; } = values;

    public IReadOnlyDictionary<string, TelegramFakeUpload> Uploads { get; } = uploads;

    /// <summary>The parameter as text (a number as its digits); null when absent or empty.</summary>
    public string? Text(string name) => Values.TryGetValue(name, out var node) && node is JsonValue value
        ? value.GetValueKind() == JsonValueKind.String ? NullIfEmpty(value.GetValue<string>()) : value.ToJsonString()
        : null;

    /// <summary>An integer parameter, given as a JSON number or its digits; null when absent or not an integer.</summary>
    public long? Integer(string name) =>
        long.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    public bool Flag(string name) => Text(name) is "true" or "True" or "1";

    /// <summary>An object parameter: the JSON object, or a string holding one (as a form sends it).</summary>
    public JsonObject? Object(string name)
    {
        if (!Values.TryGetValue(name, out var node)) return null;
        if (node is JsonObject obj) return obj;
        if (Text(name) is not { } text) return null;
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (JsonException) { return null; }
    }

    /// <summary>An array parameter, or a string holding one (allowed_updates in a form).</summary>
    public JsonArray? Array(string name)
    {
        if (!Values.TryGetValue(name, out var node)) return null;
        if (node is JsonArray array) return array;
        if (Text(name) is not { } text) return null;
        try { return JsonNode.Parse(text) as JsonArray; }
        catch (JsonException) { return null; }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
