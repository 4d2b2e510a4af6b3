using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Messenger;

/// <summary>
/// What a Send API answer, or the lack of one, means for the outbox. Pure decisions over the status, headers and body
/// (and the exception when nothing came back), so every documented code is tested without a server. The Send API has
/// no idempotency key: a result is <see cref="SendResult.Transient"/> (retried) only when Meta says the message was
/// not sent or the request cannot have reached it; whatever may have gone out is <see cref="SendResult.MaybeSent"/>.
/// Every refusal keeps Meta's code (and subcode, as <c>10/2018278</c>) on the message.
/// </summary>
public static class MessengerAnswer
{
    /// <summary>The pause after 613 (the Page's per-second Send API rate) when Meta gives no estimate.</summary>
    public static readonly TimeSpan SendRatePause = TimeSpan.FromSeconds(5);

    /// <summary>The pause after an app, Page or business rate limit (4, 17, 32, 80006), whose windows are an hour long, when Meta gives no estimate.</summary>
    public static readonly TimeSpan UsagePause = TimeSpan.FromMinutes(1);

    /// <summary>A Graph error as the envelope gives it.</summary>
    public sealed record GraphError(int Code, int? Subcode, string Message, string? Type)
    {
        public string ProviderCode => Subcode is { } sub ? $"{Code}/{sub}" : Code.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The answer to a message send: its <c>message_id</c>, or what Meta's refusal means.</summary>
    public static SendResult Map(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        if (status is >= 200 and < 300)
        {
            return MessageId(body) is { } mid
                ? new SendResult.Accepted(mid)
                : new SendResult.MaybeSent($"Meta answered HTTP {status} without a message_id");
        }
        return Error(body) is { } error ? FromError(error, headers) : FromStatus(status, headers);
    }

    /// <summary>The answer to a sender action: Meta names only the recipient, so an accepted action is recorded under the person's id.</summary>
    public static SendResult MapAction(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body, string psid) =>
        status is >= 200 and < 300 ? new SendResult.Accepted(psid) : Map(status, headers, body);

    /// <summary>Meta's refusal, by code and subcode (the subcode first: it is the more specific).</summary>
    public static SendResult FromError(GraphError error, HttpResponseHeaders? headers = null)
    {
        var code = error.ProviderCode;
        var reason = error.Message;
        switch (error.Subcode)
        {
            case 2018278 or 2018065:
                return new SendResult.WindowClosed(reason, code);
            case 2018108:
                return new SendResult.RecipientBlocked(reason, code);
            case 1545041:
                return new SendResult.Undeliverable(code, reason);
            case 2018001:
                return new SendResult.Undeliverable(code, reason);
            case 2018022:
                return new SendResult.RateLimited(Hint(headers) ?? UsagePause, code);
        }
        return error.Code switch
        {
            551 => new SendResult.Undeliverable(code, reason),
            613 => new SendResult.RateLimited(Hint(headers) ?? SendRatePause, code),
            4 or 17 or 32 or 80006 => new SendResult.RateLimited(Hint(headers) ?? UsagePause, code),
            // A token that is wrong, expired or missing, a Page it cannot load, or a permission the app lacks: the account needs fixing.
            190 or 102 or 104 or 2500 => new SendResult.AuthFailed(reason, code),
            100 when error.Subcode == 33 => new SendResult.AuthFailed(reason, code),
            10 or (>= 200 and < 300) => new SendResult.AuthFailed(reason, code),
            100 => new SendResult.Invalid(reason, code),
            // Meta says the send failed and asks for a retry: nothing went out.
            1200 or 2 => new SendResult.Transient($"{reason} (provider code {code})"),
            // Meta documents code 1 answers to sends that went through: a retry could send it twice.
            1 => new SendResult.MaybeSent($"Meta answered an unknown error (code {code}): {reason}"),
            368 => new SendResult.Undeliverable(code, reason),
            _ => new SendResult.Invalid(reason, code),
        };
    }

    /// <summary>An answer without Graph's envelope came from something between us and Meta, or Meta failed before it wrote one.</summary>
    private static SendResult FromStatus(int status, HttpResponseHeaders headers) => status switch
    {
        429 => new SendResult.RateLimited(Hint(headers) ?? SendRatePause, "429"),
        401 or 403 => new SendResult.AuthFailed($"Meta refused the request (HTTP {status})", status.ToString(CultureInfo.InvariantCulture)),
        // A gateway's 5xx may come after Meta took the message: it is not retried.
        >= 500 => new SendResult.MaybeSent($"HTTP {status} without Meta's error envelope; the request may have reached Meta"),
        _ => new SendResult.Invalid($"Meta refused the request (HTTP {status})", status.ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>
    /// What a request that got no answer means. Only a failure before the request could be written (no name, no
    /// connection, no TLS session, no proxy tunnel) is safe to retry; a timeout, a reset or a response cut short
    /// came after it was written, and Meta may have sent the message.
    /// </summary>
    public static SendResult Unanswered(Exception error) => error switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } refused
            => new SendResult.Transient($"Meta could not be reached ({refused.HttpRequestError}): {refused.Message}; nothing was sent"),
        OperationCanceledException => new SendResult.MaybeSent("Meta did not answer in time after the request went out"),
        HttpRequestException broken => new SendResult.MaybeSent($"The connection to Meta broke after the request went out ({broken.HttpRequestError}): {broken.Message}"),
        IOException broken => new SendResult.MaybeSent($"The connection to Meta broke after the request went out: {broken.Message}"),
        _ => new SendResult.MaybeSent($"The request to Meta ended without an answer: {error.Message}"),
    };

    /// <summary>Graph's error envelope, or null when the body is not one (a proxy's page, a truncated read).</summary>
    public static GraphError? Error(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("code", out var code) || !code.TryGetInt32(out var number))
                return null;
            int? subcode = error.TryGetProperty("error_subcode", out var sub) && sub.TryGetInt32(out var value) ? value : null;
            var message = error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : $"Graph error {number}";
            var type = error.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString() : null;
            return new GraphError(number, subcode, message, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? MessageId(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message_id", out var id)
                && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } mid ? mid : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Meta's own estimate of when access returns: the largest <c>estimated_time_to_regain_access</c> (minutes) of the
    /// business use case usage header, else a <c>Retry-After</c>; null when neither says.
    /// </summary>
    public static TimeSpan? Hint(HttpResponseHeaders? headers)
    {
        if (headers is null) return null;
        if (headers.TryGetValues("X-Business-Use-Case-Usage", out var usages))
        {
            var minutes = 0;
            foreach (var usage in usages)
            {
                try
                {
                    using var document = JsonDocument.Parse(usage);
                    if (document.RootElement.ValueKind != JsonValueKind.Object) continue;
                    foreach (var owner in document.RootElement.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Array))
                        foreach (var entry in owner.Value.EnumerateArray())
                            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("estimated_time_to_regain_access", out var wait) && wait.TryGetInt32(out var m))
                                minutes = Math.Max(minutes, m);
                }
                catch (JsonException) { } // an unreadable header says nothing; the default pause applies
            }
            if (minutes > 0) return TimeSpan.FromMinutes(minutes);
        }
        return headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero ? delta : null;
    }
}
