using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.WhatsApp;

/// <summary>A Graph error envelope's fields: <c>code</c> decides, <c>error_subcode</c> refines, the rest explains.</summary>
public sealed record GraphError(int Code, int? Subcode, string Message, string? Type, string? Details)
{
    /// <summary>What a person reads: Meta's details when it gave some, else its message, with no code (the result keeps that).</summary>
    public string Reason => Details is { Length: > 0 } details ? $"{Message}: {details}" : Message;

    public string ProviderCode => Code.ToString(CultureInfo.InvariantCulture);

    /// <summary>The envelope, or null when the body is not one (a proxy's page, a truncated read).</summary>
    public static GraphError? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.Obj("error") is not { } error || error.Long("code") is not { } code) return null;
            return new GraphError((int)code, (int?)error.Long("error_subcode"), error.Str("message") ?? $"Graph error {code}", error.Str("type"),
                error.Obj("error_data").Str("details"));
        }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// What a Cloud API answer to <c>/messages</c> means for the outbox. WhatsApp signals throttling and refusals by
/// <c>error.code</c>, not by HTTP status (Meta's tables show 400 and 429 for the same limit), so the code decides and
/// is kept on the result. An error envelope means Meta refused the message, so nothing was sent and a retry is safe;
/// an answer that is not Meta's (a proxy's 502, a 200 without an id) leaves it unknown whether the message went out,
/// and WhatsApp has no idempotency key: that is <see cref="SendResult.MaybeSent"/>, never retried automatically.
/// </summary>
public static class WhatsAppAnswer
{
    /// <summary>Per-number throughput (80/s by default): the next second is likely free again.</summary>
    public static readonly TimeSpan ThroughputPause = TimeSpan.FromSeconds(2);

    /// <summary>App or business API-call limits (4, 80007) are counted per hour: a minute's pause, then the next answer tells.</summary>
    public static readonly TimeSpan ApiCallPause = TimeSpan.FromMinutes(1);

    /// <summary>Spam-rate limiting (131048) lifts slowly; hammering it makes it worse.</summary>
    public static readonly TimeSpan SpamRatePause = TimeSpan.FromMinutes(10);

    /// <summary>About one message per six seconds to one user once the burst is spent (131056).</summary>
    public static readonly TimeSpan PairPause = TimeSpan.FromSeconds(6);

    public static SendResult Map(int status, ReadOnlySpan<byte> body)
    {
        if (status is >= 200 and < 300)
        {
            try
            {
                using var document = JsonDocument.Parse(body.ToArray());
                if (document.RootElement.Items("messages").Select(m => m.Str("id")).FirstOrDefault(id => !string.IsNullOrEmpty(id)) is { } id)
                    return new SendResult.Accepted(id);
            }
            catch (JsonException) { } // answered below: Meta took the request, so it may well have been sent
            return new SendResult.MaybeSent($"WhatsApp answered HTTP {status} without a message id");
        }
        if (GraphError.Read(body) is { } error) return ForError(error, status);
        return status switch
        {
            401 or 403 => new SendResult.AuthFailed($"WhatsApp refused the request (HTTP {status})"),
            429 => new SendResult.RateLimited(ThroughputPause),
            // A load balancer's "no upstream": the request never reached Meta's application.
            503 => new SendResult.Transient("WhatsApp is unavailable (HTTP 503)"),
            >= 500 => new SendResult.MaybeSent($"WhatsApp's front end answered HTTP {status} without Meta's error: the request may have reached Meta"),
            _ => new SendResult.Invalid($"WhatsApp refused the request (HTTP {status})"),
        };
    }

    /// <summary>Every code of the Cloud API's error table, mapped to what the outbox does next; the code is kept on the result.</summary>
    public static SendResult ForError(GraphError error, int status = 400)
    {
        var code = error.ProviderCode;
        var reason = error.Reason;
        return error.Code switch
        {
            130429 => new SendResult.RateLimited(ThroughputPause, code),
            80007 or 4 => new SendResult.RateLimited(ApiCallPause, code),
            131048 => new SendResult.RateLimited(SpamRatePause, code),
            131056 => new SendResult.RecipientRateLimited(PairPause, code),
            131047 => new SendResult.WindowClosed(reason, code),
            131050 => new SendResult.OptedOut(reason, code),
            131026 or 131049 or 130472 or 130497 => new SendResult.Undeliverable(code, reason),
            // The token is wrong, expired or lacks a permission; or the account or number cannot send at all.
            0 or 3 or 10 or 102 or 190 or (>= 200 and <= 299) or 368 or 131005 or 131031 or 131045 or 133010 => new SendResult.AuthFailed(reason, code),
            // Graph's "object does not exist or cannot be loaded due to missing permissions": the token cannot reach this number.
            100 when error.Subcode == 33 => new SendResult.AuthFailed(reason, code),
            1 or 2 or 131000 or 131016 or 131057 or 133004 => new SendResult.Transient($"{reason} (provider code {code})"),
            100 or 2500 or 131008 or 131009 or 131021 or 131037 or 131042 or 131051 or 131052 or 131053 or 135000 => new SendResult.Invalid(reason, code),
            (>= 132000 and <= 132016) or 132068 or 132069 or (>= 133000 and <= 133009) => new SendResult.Invalid(reason, code),
            _ when status >= 500 => new SendResult.Transient($"{reason} (provider code {code})"),
            _ => new SendResult.Invalid(reason, code),
        };
    }

    /// <summary>
    /// A send that threw instead of answering. Only a failure to reach Meta at all (the name did not resolve, the
    /// connection or TLS handshake failed) proves nothing went out, and is retried; a timeout or a connection broken
    /// once the request may have been written might have sent the message, so it is <see cref="SendResult.MaybeSent"/>.
    /// </summary>
    public static SendResult ForFailure(Exception failure, TimeSpan timeout) => failure switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } unreachable =>
            new SendResult.Transient($"WhatsApp could not be reached, so nothing was sent: {unreachable.Message}"),
        OperationCanceledException => new SendResult.MaybeSent($"WhatsApp did not answer within {timeout.TotalSeconds:0.#} s"),
        _ => new SendResult.MaybeSent($"The connection to WhatsApp broke before its answer: {failure.Message}"),
    };
}
