using Inbox.Connectors.Messenger;
using Inbox.Connectors.Sms;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;

namespace Inbox.Web.Senders;

public static class SendersServiceCollectionExtensions
{
    /// <summary>
    /// The connectors that send for provider accounts, one <see cref="IChannelSenderFactory"/> per account kind.
    /// The outbox finds them through its sender directory; a kind without one here answers "no sender". Beside them, the
    /// <see cref="IMediaSourceFactory"/> of each kind whose inbound media Inbox fetches from the provider.
    /// </summary>
    public static IServiceCollection AddChannelSenders(this IServiceCollection services)
    {
        services.AddAcsSmsClient();
        services.AddSingleton<IChannelSenderFactory, AcsSenderFactory>();
        services.AddMessengerClients();
        services.AddSingleton<IChannelSenderFactory, MessengerSenderFactory>();
        services.AddSingleton<IMediaSourceFactory, MessengerMediaSourceFactory>();
        return services;
    }
}
