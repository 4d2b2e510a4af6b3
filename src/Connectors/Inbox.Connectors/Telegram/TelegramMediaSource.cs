using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// Fetches a file a customer sent one bot: getFile for its path, then the download from the file server, both through
/// Telegram.Bot at the configured API base. A bot may download files up to 20 MB; Telegram refuses a larger one
/// ("file is too big") for good, as it does a file id it no longer knows, so both are gone with Telegram's own words.
/// </summary>
public sealed class TelegramMediaSource(TelegramBotConnection connection, string botToken) : IMediaSource
{
    public async Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken)
    {
        if (media.Size > maxBytes) return new MediaFetch.TooLarge(media.Size, $"The file has {media.Size} bytes; at most {maxBytes} are kept.");
        using var http = new HttpClient(connection.Handlers.CreateHandler(TelegramBotConnection.HttpClientName), disposeHandler: false) { Timeout = connection.Timeout };
        TelegramBotClient client;
        try
        {
            client = new TelegramBotClient(new TelegramBotClientOptions(botToken, connection.ApiBase) { RetryThreshold = 0, RetryCount = 0 }, http, cancellationToken);
        }
        catch (ArgumentException)
        {
            return new MediaFetch.AuthFailed("The bot's botToken is not a Telegram bot token.");
        }
        try
        {
            var file = await client.GetFile(media.ProviderMediaId, cancellationToken);
            if (file.FileSize > maxBytes) return new MediaFetch.TooLarge(file.FileSize, $"The file has {file.FileSize} bytes; at most {maxBytes} are kept.");
            if (file.FilePath is not { Length: > 0 } path) return new MediaFetch.Gone("Telegram gave no path to download the file from.");
            using var content = new CappedStream(maxBytes);
            await client.DownloadFile(path, content, cancellationToken);
            return new MediaFetch.Found(content.ToArray(), ContentType(media), media.FileName ?? Path.GetFileName(path));
        }
        catch (CappedStream.Exceeded)
        {
            return new MediaFetch.TooLarge(null, $"The file is larger than the {maxBytes} bytes kept.");
        }
        catch (ApiRequestException refused)
        {
            return Refused(refused.ErrorCode, refused.Message);
        }
        catch (RequestException failed) when (!cancellationToken.IsCancellationRequested)
        {
            return new MediaFetch.Unavailable($"Telegram could not be reached: {failed.InnerException?.Message ?? failed.Message}");
        }
    }

    /// <summary>Telegram's refusal of getFile or of the download, as what the media proxy answers.</summary>
    public static MediaFetch Refused(int errorCode, string description) => errorCode switch
    {
        401 => new MediaFetch.AuthFailed($"Telegram does not know the bot token ({description})."),
        400 when description.Contains("file is too big", StringComparison.OrdinalIgnoreCase) =>
            new MediaFetch.Gone($"Telegram lets bots download files up to 20 MB and refuses this one: {description}"),
        400 or 404 => new MediaFetch.Gone($"Telegram no longer has the file: {description}"),
        _ => new MediaFetch.Unavailable($"Telegram answered {errorCode}: {description}"),
    };

    /// <summary>The type Telegram gave the file, or the one its kind always has (photos are JPEG).</summary>
    public static string ContentType(MediaRef media) => media.MimeType ?? media.Type switch
    {
        "image" => "image/jpeg",
        "voice" => "audio/ogg",
        _ => "application/octet-stream",
    };

    /// <summary>A write-only buffer that refuses to grow past the caller's limit, so a lying file size cannot fill memory.</summary>
    private sealed class CappedStream(long max) : Stream
    {
        private readonly MemoryStream _buffer = new();

        public sealed class Exceeded : Exception;

        public byte[] ToArray() => _buffer.ToArray();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_buffer.Length + buffer.Length > max) throw new Exceeded();
            _buffer.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _buffer.Length;
        public override long Position { get => _buffer.Length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _buffer.Dispose();
            base.Dispose(disposing);
        }
    }
}
