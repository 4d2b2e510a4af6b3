using System.Net;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// Notes whether a request's body started to go out on the connection. Until it does, Telegram cannot have received a
/// complete request, so a failure is safely retried; from then on it may have, so a failure without an answer is
/// "may have been sent". One per send, wrapped around the pooled handler of IHttpClientFactory.
/// </summary>
public sealed class TelegramRequestWritten : DelegatingHandler
{
    private volatile bool _written;

    public bool Written => _written;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content) request.Content = new Marked(content, () => _written = true);
        else _written = true; // no body to watch: assume the worst
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The request's content, unchanged, with a note taken when the handler starts writing it.</summary>
    private sealed class Marked : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action _writing;

        public Marked(HttpContent inner, Action writing)
        {
            (_inner, _writing) = (inner, writing);
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            _writing();
            await _inner.CopyToAsync(stream, context, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
