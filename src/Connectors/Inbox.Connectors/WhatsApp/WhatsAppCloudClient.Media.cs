using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Connectors.Meta;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;

namespace Inbox.Connectors.WhatsApp;

public sealed partial class WhatsAppCloudClient
{
    /// <summary>
    /// A customer's attachment by its media id: <c>GET /{media-id}</c> for a download URL (good for minutes), then the
    /// download with the same bearer token, at most <paramref name="maxBytes"/> (checked on the declared size and while reading).
    /// </summary>
    public async Task<MediaFetch> FetchMediaAsync(WhatsAppAccount account, MediaRef media, long maxBytes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(media.ProviderMediaId) || media.ProviderMediaId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-')))
            return new MediaFetch.Gone($"'{media.ProviderMediaId}' is not a WhatsApp media id");
        try
        {
            using var info = new HttpRequestMessage(HttpMethod.Get, account.Graph(media.ProviderMediaId));
            info.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessToken);
            using var infoResponse = await http.SendAsync(info, cancellationToken);
            var infoBody = await infoResponse.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!infoResponse.IsSuccessStatusCode) return MediaFailure((int)infoResponse.StatusCode, GraphError.Read(infoBody), media.ProviderMediaId);
            var (url, type, size) = ReadInfo(infoBody);
            if (url is null || !account.MayCarryToken(url)) return new MediaFetch.Unavailable($"WhatsApp gave no usable download URL for media {media.ProviderMediaId}");
            if (size > maxBytes) return new MediaFetch.TooLarge(size, $"WhatsApp media {media.ProviderMediaId} is {size} bytes; at most {maxBytes} are kept");

            using var download = new HttpRequestMessage(HttpMethod.Get, url);
            download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessToken);
            using var file = await http.SendAsync(download, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            switch ((int)file.StatusCode)
            {
                case 401 or 403: return new MediaFetch.AuthFailed($"WhatsApp refused the business account's token for the download of media {media.ProviderMediaId}");
                case 404 or 410: return new MediaFetch.Gone($"WhatsApp no longer has media {media.ProviderMediaId} (it keeps media for 30 days)");
                case not (>= 200 and < 300): return new MediaFetch.Unavailable($"WhatsApp's download of media {media.ProviderMediaId} answered HTTP {(int)file.StatusCode}");
            }
            if (file.Content.Headers.ContentLength > maxBytes)
                return new MediaFetch.TooLarge(file.Content.Headers.ContentLength, $"WhatsApp media {media.ProviderMediaId} is {file.Content.Headers.ContentLength} bytes; at most {maxBytes} are kept");
            var content = await ReadAtMostAsync(await file.Content.ReadAsStreamAsync(cancellationToken), maxBytes, cancellationToken);
            if (content is null) return new MediaFetch.TooLarge(null, $"WhatsApp media {media.ProviderMediaId} is over {maxBytes} bytes");
            return new MediaFetch.Found(content, type ?? file.Content.Headers.ContentType?.ToString() ?? media.MimeType ?? "application/octet-stream", media.FileName);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new MediaFetch.Unavailable($"WhatsApp could not be reached for media {media.ProviderMediaId}: {failure.Message}");
        }
    }

    /// <summary>What a refused <c>GET /{media-id}</c> means: Graph's "does not exist" is final (expired or never ours), a token problem is the account's, the rest passes.</summary>
    public static MediaFetch MediaFailure(int status, GraphError? error, string mediaId) => error switch
    {
        { Code: 100, Subcode: 33 } or { Code: 100 } when status < 500 =>
            new MediaFetch.Gone($"WhatsApp no longer has media {mediaId}, or never had it for this business account (Meta keeps media for 30 days): {error.Reason}"),
        { Code: 190 or 0 or 10 or (>= 200 and <= 299) } => new MediaFetch.AuthFailed($"WhatsApp refused the business account's token for media {mediaId} (provider code {error.Code})"),
        { Code: 4 or 80007 or 130429 or 1 or 2 or 131000 or 131016 } => new MediaFetch.Unavailable($"WhatsApp could not give media {mediaId} now: {error.Reason} (provider code {error.Code})"),
        not null when status < 500 => new MediaFetch.Gone($"WhatsApp refused media {mediaId}: {error.Reason} (provider code {error.Code})"),
        _ when status is 401 or 403 => new MediaFetch.AuthFailed($"WhatsApp refused the business account's token for media {mediaId} (HTTP {status})"),
        _ when status is 404 or 410 => new MediaFetch.Gone($"WhatsApp has no media {mediaId} (HTTP {status})"),
        _ => new MediaFetch.Unavailable($"WhatsApp answered HTTP {status} for media {mediaId}"),
    };

    private static (Uri? Url, string? Type, long? Size) ReadInfo(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (Uri.TryCreate(root.Str("url"), UriKind.Absolute, out var url) ? url : null, root.Str("mime_type"), root.Long("file_size"));
        }
        catch (JsonException) { return (null, null, null); }
    }

    /// <summary>The whole stream, or null as soon as it passes the limit (a server may not declare its length, or lie about it).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        await using var _ = stream;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
