using Inbox.Connectors.Messenger;
using Inbox.Silo.Accounts;
using Inbox.Silo.Media;

namespace Inbox.Web.Senders;

/// <summary>
/// Opens the inbound attachments of a Messenger Page account. They are CDN links Meta signed into the URL, so the
/// account's credentials are not needed and every Page shares the one client (a typed client, resolved per source).
/// </summary>
public sealed class MessengerMediaSourceFactory(IServiceProvider services) : IMediaSourceFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.MessengerPage;

    public IMediaSource Create(ProviderAccountView account) => new MessengerMediaSource(services.GetRequiredService<MessengerCdnClient>());
}
