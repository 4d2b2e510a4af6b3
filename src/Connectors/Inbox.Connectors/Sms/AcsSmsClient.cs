using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Sms;

/// <summary>
/// Sends one message as ACS SMS: <c>POST {endpoint}/sms?api-version=2021-03-07</c>, HMAC-signed, one
/// recipient, a delivery report asked for and tagged with the conversation. A typed client: it takes its
/// <see cref="HttpClient"/> from <c>IHttpClientFactory</c>, and the resource's endpoint and access key per
/// call, so one client serves every ACS account. Every outcome, a dropped connection included, comes back
/// as a <see cref="SendResult"/>; only the caller's own cancellation is thrown.
/// </summary>
public sealed class AcsSmsClient(HttpClient http, TimeProvider time)
{
    public const string ApiVersion = "2021-03-07";

    public async Task<SendResult> SendAsync(Uri endpoint, string accessKey, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Text)) return new SendResult.Invalid("An SMS needs text; this message has none");
        if (message.Media.Count > 0) return new SendResult.Invalid("SMS carries text only; this message has media");
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http"))
            return new SendResult.NoSender($"The ACS endpoint '{endpoint}' is not an http(s) address");

        var uri = SendUri(endpoint);
        var body = Body(message);
        AcsHmac.Signed signed;
        try { signed = AcsHmac.Sign(accessKey, "POST", uri.PathAndQuery, uri.Authority, time.GetUtcNow(), body); }
        catch (FormatException) { return new SendResult.AuthFailed("The ACS access key is not base64, as every ACS key is"); }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Host = uri.Authority; // the host that was signed is the host that goes out
        request.Headers.TryAddWithoutValidation("x-ms-date", signed.Date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", signed.ContentHash);
        request.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return AcsSmsAnswer.Map((int)response.StatusCode, response.Headers, answer, message.To, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"ACS did not answer within {http.Timeout.TotalSeconds:0.#} s; a retry is safe (repeatability)");
        }
        catch (HttpRequestException error)
        {
            return new SendResult.Transient($"ACS could not be reached: {error.Message}");
        }
        catch (IOException error)
        {
            return new SendResult.Transient($"The connection to ACS broke: {error.Message}");
        }
    }

    /// <summary>The send address under the resource's endpoint, whether or not the endpoint ends in a slash or has a path.</summary>
    public static Uri SendUri(Uri endpoint)
    {
        var builder = new UriBuilder(endpoint) { Query = "", Fragment = "" };
        builder.Path = builder.Path.TrimEnd('/') + "/sms";
        builder.Query = "api-version=" + ApiVersion;
        return builder.Uri;
    }

    /// <summary>The request body: the repeatability pair comes from the message, never from this attempt, so a retry is recognised.</summary>
    public static byte[] Body(OutboundMessage message) => JsonSerializer.SerializeToUtf8Bytes(
        new AcsSmsWire.SendRequest(
            message.From,
            [new AcsSmsWire.Recipient(message.To, AcsRepeatability.RequestId(message.IdempotencyKey).ToString("D"), AcsRepeatability.FirstSent(message.FirstQueuedAt))],
            message.Text!,
            new AcsSmsWire.SendOptions(EnableDeliveryReport: true, Tag: message.ConversationId)),
        AcsSmsWire.Json);
}
