using Inbox.Connectors.Telegram;
using Inbox.Silo.Accounts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;

namespace Inbox.Web.Senders;

/// <summary>Opens files customers sent a Telegram bot (getFile, then the download) with the bot account's token, for the media proxy.</summary>
public sealed class TelegramMediaSourceFactory(IServiceProvider services) : IMediaSourceFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.TelegramBot;

    public IMediaSource Create(ProviderAccountView account) => new AccountSource(
        services.GetRequiredService<TelegramBotConnection>(), services.GetRequiredService<ProviderCredentials>(),
        services.GetRequiredService<ILogger<TelegramMediaSourceFactory>>(), account.Id);

    private sealed class AccountSource(TelegramBotConnection connection, ProviderCredentials credentials, ILogger logger, string accountId) : IMediaSource
    {
        public async Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken)
        {
            var (bot, problem) = await TelegramBotAccount.OpenAsync(connection, credentials, logger, accountId);
            if (bot is null) return new MediaFetch.AuthFailed(problem switch
            {
                SendResult.NoSender none => none.Reason,
                SendResult.AuthFailed failed => failed.Reason,
                _ => $"Telegram provider account '{accountId}' has no usable bot token",
            });
            return await new TelegramMediaSource(bot.Connection, bot.Token).FetchAsync(media, maxBytes, cancellationToken);
        }
    }
}
