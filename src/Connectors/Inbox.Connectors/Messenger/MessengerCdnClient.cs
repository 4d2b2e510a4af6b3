using System.Net;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;

namespace Inbox.Connectors.Messenger;

/// <summary>
/// Fetches a customer's Messenger attachment: the webhook gave a signed CDN URL (fbcdn, fbsbx), not an id, and the
/// URL itself is the credential, so nothing is sent with it. Such URLs expire: the CDN's 403 or 404 then is final,
/// kept as <see cref="MediaFetch.Gone"/> with what the CDN said. Nothing larger than the caller keeps is read.
/// </summary>
public sealed class MessengerCdnClient(HttpClient http)
{
    public async Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(media.ProviderMediaId, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return new MediaFetch.Gone($"'{media.ProviderMediaId}' is not the CDN URL a Messenger attachment comes with");
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode) return await RefusedAsync(response, cancellationToken);
            var declared = response.Content.Headers.ContentLength;
            if (declared > maxBytes) return new MediaFetch.TooLarge(declared, $"The attachment has {declared} bytes; at most {maxBytes} are kept");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) return new MediaFetch.TooLarge(null, $"The attachment is larger than the {maxBytes} bytes kept");
                buffer.Write(chunk, 0, read);
            }
            var type = response.Content.Headers.ContentType?.MediaType ?? media.MimeType ?? "application/octet-stream";
            var name = media.FileName ?? response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')
                ?? Uri.UnescapeDataString(url.Segments[^1]);
            return new MediaFetch.Found(buffer.ToArray(), type, string.IsNullOrWhiteSpace(name) || name == "/" ? null : name);
        }
        catch (Exception error) when (error is HttpRequestException or IOException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new MediaFetch.Unavailable($"The Messenger CDN did not answer: {error.Message}");
        }
    }

    /// <summary>An expired or unknown link is gone for good; a throttle or the CDN's own failure may pass.</summary>
    private static async Task<MediaFetch> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var said = response.Content.Headers.ContentType?.MediaType == "text/plain" && response.Content.Headers.ContentLength is null or < 1024
            ? (await response.Content.ReadAsStringAsync(cancellationToken)).Trim()
            : "";
        var detail = said.Length is > 0 and < 200 ? $": {said}" : "";
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout =>
                new MediaFetch.Unavailable($"The Messenger CDN answered HTTP {status}{detail}"),
            HttpStatusCode.Forbidden => new MediaFetch.Gone($"The attachment's CDN link has expired (HTTP 403{detail}); Meta gives a new link only with a new message"),
            _ => new MediaFetch.Gone($"The Messenger CDN no longer has the attachment (HTTP {status}{detail})"),
        };
    }
}
