using System.Net.Http.Headers;
using System.Text.Json;

namespace Inbox.Connectors.Fakes.Sms;

/// <summary>
/// An Event Grid webhook subscription on the fake resource: where its events go (the endpoint URL carries the secret,
/// <c>?secret=…</c>, as a real subscription's does) and how a delivery looks on the wire: a POST of an event array with
/// the <c>aeg-*</c> headers. Event Grid signs nothing, so the URL's secret is all the app has to go on.
/// </summary>
public sealed class AcsEventGridSubscription(Uri endpoint, HttpClient http, string name = "inbox-sms")
{
    public Uri Endpoint => endpoint;

    /// <summary>
    /// One delivery attempt and the app's answer; a connection that fails is an answer too (status 0), as it is a failed
    /// attempt to Event Grid. <paramref name="deliveryCount"/> is what <c>aeg-delivery-count</c> says (0 on the first try).
    /// </summary>
    public async Task<FakeDelivery> DeliverAsync(byte[] events, int deliveryCount, CancellationToken cancellationToken)
    {
        var (status, body) = await PostAsync(events, deliveryCount, "Notification", cancellationToken);
        return new FakeDelivery(status, status is >= 200 and < 300 ? null : Problem(body));
    }

    /// <summary>
    /// The handshake that makes a subscription: a validation event, which the endpoint must answer 200 with the code
    /// echoed in <c>validationResponse</c> (202, or another code, does not validate). Null when validated; otherwise why not.
    /// </summary>
    public async Task<string?> ValidateAsync(string resource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var code = Guid.NewGuid().ToString("D");
        var (status, body) = await PostAsync(AcsEventGridEvents.ValidationBody(resource, code, now), 0, "SubscriptionValidation", cancellationToken);
        if (status != 200) return $"the endpoint answered the validation event {status}: {Problem(body)}";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("validationResponse", out var echo)
                && echo.ValueKind == JsonValueKind.String && echo.GetString() == code) return null;
        }
        catch (JsonException) { } // not JSON: not the echo either
        return "the endpoint answered the validation event 200 without its validation code";
    }

    private async Task<(int Status, string Body)> PostAsync(byte[] events, int deliveryCount, string type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(events) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("aeg-event-type", type);
        request.Headers.TryAddWithoutValidation("aeg-subscription-name", name.ToUpperInvariant());
        request.Headers.TryAddWithoutValidation("aeg-delivery-count", deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("aeg-data-version", "1.0");
        request.Headers.TryAddWithoutValidation("aeg-metadata-version", "1");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException error)
        {
            return (0, $"{endpoint.GetLeftPart(UriPartial.Path)} could not be reached: {error.Message}");
        }
    }

    /// <summary>What a refusal said: a problem's detail (or title) when it is one, else the body as it came, cut short.</summary>
    private static string Problem(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in new[] { "detail", "title" })
                    if (json.RootElement.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String) return text.GetString()!;
            }
        }
        catch (JsonException) { } // not JSON: shown as it came
        return body.Length > 300 ? body[..300] + "…" : body;
    }
}
