using System.Globalization;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>
/// What the fake answers a call: the Bot API's envelope, <c>{"ok":true,"result":…}</c> with HTTP 200, or
/// <c>{"ok":false,"error_code":…,"description":…}</c> with the error code as the HTTP status and, for a flood wait or
/// a group that became a supergroup, <c>parameters</c>. <see cref="Delay"/> holds the answer back after the call took
/// effect: the way to lose an answer to a request that did reach Telegram.
/// </summary>
public sealed record TelegramFakeAnswer(int Status, JsonObject Body, TimeSpan Delay = default)
{
    public static TelegramFakeAnswer Ok(JsonNode? result, string? description = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null) body["description"] = description;
        return new(200, body);
    }

    public static TelegramFakeAnswer Error(int code, string description, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null) body["parameters"] = parameters;
        return new(code, body);
    }

    /// <summary>A flood wait: HTTP 429, the seconds in the description and in parameters.retry_after.</summary>
    public static TelegramFakeAnswer TooManyRequests(int retryAfterSeconds) => Error(429,
        $"Too Many Requests: retry after {retryAfterSeconds.ToString(CultureInfo.InvariantCulture)}", new JsonObject { ["retry_after"] = retryAfterSeconds });

    public static TelegramFakeAnswer BadRequest(string what) => Error(400, $"Bad Request: {what}");

    public static TelegramFakeAnswer Forbidden(string what) => Error(403, $"Forbidden: {what}");

    public static TelegramFakeAnswer Unauthorized => Error(401, "Unauthorized");

    public static TelegramFakeAnswer NotFound => Error(404, "Not Found");

    public bool IsOk => Status == 200;

    public JsonNode? Result => Body["result"];
}
