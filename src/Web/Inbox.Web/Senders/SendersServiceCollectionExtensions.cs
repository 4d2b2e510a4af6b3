using Inbox.Connectors.Sms;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Senders;

public static class SendersServiceCollectionExtensions
{
    /// <summary>
    /// The connectors that send for provider accounts, one <see cref="IChannelSenderFactory"/> per account kind, and
    /// those that open inbound media, one <see cref="IMediaSourceFactory"/> per kind. The outbox finds the senders
    /// through its sender directory; a kind without one here answers "no sender".
    /// </summary>
    public static IServiceCollection AddChannelSenders(this IServiceCollection services)
    {
        services.AddAcsSmsClient();
        services.AddSingleton<IChannelSenderFactory, AcsSenderFactory>();
        services.AddWhatsAppCloudClient(provider => provider.GetRequiredService<IOptions<ProviderOptions>>().Value.Meta.Timeout);
        services.AddSingleton<IChannelSenderFactory, WhatsAppSenderFactory>();
        services.AddSingleton<IMediaSourceFactory, WhatsAppMediaSourceFactory>();
        return services;
    }
}
