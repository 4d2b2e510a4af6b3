using Inbox.Silo.Conversations;
using Inbox.Silo.Media;

namespace Inbox.Connectors.WhatsApp;

/// <summary>Opens customers' attachments of one WhatsApp Business Account by their media id.</summary>
public sealed class WhatsAppMediaSource(WhatsAppCloudClient client, WhatsAppAccount account) : IMediaSource
{
    public Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken) =>
        client.FetchMediaAsync(account, media, maxBytes, cancellationToken);
}
