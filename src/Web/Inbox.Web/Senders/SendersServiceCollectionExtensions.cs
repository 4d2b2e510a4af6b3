using Inbox.Connectors.Messenger;
using Inbox.Connectors.Sms;
using Inbox.Connectors.WhatsApp;
using Inbox.Connectors.Telegram;
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
        services.AddMessengerClients();
        services.AddSingleton<IChannelSenderFactory, MessengerSenderFactory>();
        services.AddSingleton<IMediaSourceFactory, MessengerMediaSourceFactory>();

        // Not logged: the Bot API's URLs carry the bot token.
        services.AddHttpClient(TelegramBotConnection.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<TelegramChatPacer>();
        services.AddSingleton(sp => new TelegramBotConnection(
            sp.GetRequiredService<IOptions<ProviderOptions>>().Value.Telegram.ApiBase, sp.GetRequiredService<IOptions<ProviderOptions>>().Value.Telegram.Timeout,
            sp.GetRequiredService<IHttpMessageHandlerFactory>(), sp.GetRequiredService<TelegramChatPacer>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IOutboundMedia>()));
        services.AddSingleton<IChannelSenderFactory, TelegramSenderFactory>();
        services.AddSingleton<IMediaSourceFactory, TelegramMediaSourceFactory>();
        return services;
    }
}
