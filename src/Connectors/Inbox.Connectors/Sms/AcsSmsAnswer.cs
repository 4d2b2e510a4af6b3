using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Sms;

/// <summary>
/// What an ACS answer to a one-recipient send means for the outbox. A pure decision over the status,
/// the headers and the body, so every mapping is tested without a server; nothing here throws, because a
/// body ACS would not send is a fault of the moment (a proxy's page, a truncated read), worth a retry,
/// and a retry is safe on ACS thanks to repeatability.
/// </summary>
public static class AcsSmsAnswer
{
    /// <summary>
    /// The pause when a 429 names none. Short, because pausing a number costs its whole rate, and the next
    /// answer may carry a hint; long enough that an instant retry (which ACS counts against the limit) is not the result.
    /// </summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(10);

    public static SendResult Map(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body, string to, DateTimeOffset now) => status switch
    {
        >= 200 and < 300 => FromItems(body, to),
        400 => new SendResult.Invalid(ErrorText(body, "ACS refused the request as malformed (HTTP 400)")),
        401 or 403 => new SendResult.AuthFailed(ErrorText(body, $"ACS refused the credentials (HTTP {status})")),
        429 => new SendResult.RateLimited(RetryAfter(headers, now)),
        408 => new SendResult.Transient("ACS timed out reading the request (HTTP 408)"),
        >= 500 => new SendResult.Transient(ErrorText(body, $"ACS failed (HTTP {status})")),
        _ => new SendResult.Invalid(ErrorText(body, $"ACS refused the request (HTTP {status})")),
    };

    private static SendResult FromItems(ReadOnlySpan<byte> body, string to)
    {
        AcsSmsWire.SendResponse? response;
        try { response = JsonSerializer.Deserialize<AcsSmsWire.SendResponse>(body, AcsSmsWire.Json); }
        catch (JsonException error) { return new SendResult.Transient($"ACS accepted the request but its answer is not a send result: {error.Message}"); }
        var items = response?.Value?.OfType<AcsSmsWire.SendResult>().ToList() ?? [];
        var item = items.FirstOrDefault(i => SameNumber(i.To, to)) ?? (items.Count == 1 ? items[0] : null);
        return item is null
            ? new SendResult.Transient($"ACS accepted the request but its answer has no result for {to}")
            : FromItem(item);
    }

    private static SendResult FromItem(AcsSmsWire.SendResult item)
    {
        var hasId = !string.IsNullOrEmpty(item.MessageId);
        var reason = item.ErrorMessage ?? $"ACS refused the recipient (item status {item.HttpStatusCode})";
        if (item.Successful == true)
            return hasId ? new SendResult.Accepted(item.MessageId!) : new SendResult.Transient("ACS reported success without a messageId");
        // A repeat of a send ACS already made: its first result, under the first attempt's id, is the answer.
        if (hasId && string.Equals(item.RepeatabilityResult, "rejected", StringComparison.OrdinalIgnoreCase))
            return new SendResult.Accepted(item.MessageId!);
        return item.HttpStatusCode switch
        {
            400 => new SendResult.Invalid(reason),
            401 => new SendResult.AuthFailed(reason),
            429 => new SendResult.RateLimited(DefaultRetryAfter),
            408 or >= 500 => new SendResult.Transient(reason),
            null or (>= 200 and < 300) => new SendResult.Transient($"ACS reported the recipient neither sent nor refused ({reason})"),
            // Repeatability refused without naming a first send: resending under a new id could duplicate, so stop here.
            _ when string.Equals(item.RepeatabilityResult, "rejected", StringComparison.OrdinalIgnoreCase) =>
                new SendResult.Invalid($"ACS rejected the repeatable request: {reason}"),
            // 403, 404 and the like name this recipient or destination, not the request: another attempt would fare the same.
            var code => new SendResult.Undeliverable(code.Value.ToString(CultureInfo.InvariantCulture), reason),
        };
    }

    /// <summary>ACS may echo a number with or without its plus sign.</summary>
    private static bool SameNumber(string? a, string b) =>
        a is not null && string.Equals(a.TrimStart('+'), b.TrimStart('+'), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The wait a throttled answer asks for: Azure's millisecond headers first (as Azure's own clients read them),
    /// then <c>Retry-After</c> in seconds or as a date; never less than a second, so a bad hint cannot make a hot loop.
    /// </summary>
    public static TimeSpan RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        TimeSpan? wait = null;
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
            if (wait is null && headers.TryGetValues(name, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
                wait = TimeSpan.FromMilliseconds(ms);
        wait ??= headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
        if (wait is null) return DefaultRetryAfter;
        return wait.Value < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait.Value;
    }

    /// <summary>ACS's own words from its error envelope, else the fallback; a body that is not the envelope is not shown.</summary>
    private static string ErrorText(ReadOnlySpan<byte> body, string fallback)
    {
        try
        {
            var error = JsonSerializer.Deserialize<AcsSmsWire.ErrorResponse>(body, AcsSmsWire.Json)?.Error;
            if (error?.Message is { Length: > 0 } message)
                return error.Code is { Length: > 0 } code ? $"{message} ({code})" : message;
        }
        catch (JsonException) { } // not the envelope (a proxy's page): the status says enough
        return fallback;
    }
}
