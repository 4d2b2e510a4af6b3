using Inbox.Silo.Conversations;
using Inbox.Silo.Media;

namespace Inbox.Connectors.Messenger;

/// <summary>A Page's inbound attachments: their CDN links need no credentials of the Page, so every Page's source is the same client.</summary>
public sealed class MessengerMediaSource(MessengerCdnClient cdn) : IMediaSource
{
    public Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken) => cdn.FetchAsync(media, maxBytes, cancellationToken);
}
