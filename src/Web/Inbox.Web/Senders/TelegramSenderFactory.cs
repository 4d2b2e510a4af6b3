using System.Security.Cryptography;
using Inbox.Connectors.Telegram;
using Inbox.Silo.Accounts;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;

namespace Inbox.Web.Senders;

/// <summary>
/// Makes the sender of a Telegram bot account: <see cref="TelegramBotSender"/> on the shared connection (API base,
/// pooled handlers, chat pacer), with the account's botToken opened when the message goes out, as
/// <see cref="AcsSenderFactory"/> does for ACS and for the same reasons (a cycle through the account directory; a
/// token entered a moment ago is the one used).
/// </summary>
public sealed class TelegramSenderFactory(IServiceProvider services) : IChannelSenderFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.TelegramBot;

    public IChannelSender Create(ProviderAccountView account) => new TelegramBotAccountSender(
        services.GetRequiredService<TelegramBotConnection>(), services.GetRequiredService<ProviderCredentials>(),
        services.GetRequiredService<ILogger<TelegramSenderFactory>>(), account.Id);
}

/// <summary>One Telegram bot account's sender: opens its botToken (and its own apiBase, if any) for the send; a missing or unopenable one is an outcome, never an exception.</summary>
public sealed class TelegramBotAccountSender(TelegramBotConnection connection, ProviderCredentials credentials, ILogger logger, string accountId) : IChannelSender
{
    public string ProviderAccount => accountId;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var (bot, problem) = await TelegramBotAccount.OpenAsync(connection, credentials, logger, accountId);
        if (bot is null) return problem!;
        return await new TelegramBotSender(bot.Connection, accountId, bot.Token).SendAsync(message, cancellationToken);
    }
}

/// <summary>A bot's token and the connection to the Bot API server it lives on (the instance's, or the account's own apiBase).</summary>
public sealed record TelegramBot(string Token, TelegramBotConnection Connection);

/// <summary>A Telegram bot account opened from its credentials; or the send outcome that says why it cannot be used, never the secret.</summary>
public static class TelegramBotAccount
{
    public const string TokenField = "botToken";

    public static async Task<(TelegramBot? Bot, SendResult? Problem)> OpenAsync(TelegramBotConnection connection, ProviderCredentials credentials, ILogger logger,
        string accountId)
    {
        IReadOnlyDictionary<string, string> found;
        try
        {
            found = await credentials.GetAsync(accountId);
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The credentials of Telegram provider account {Account} cannot be opened with this instance's data protection keys", accountId);
            return (null, new SendResult.AuthFailed(
                $"The credentials of Telegram provider account '{accountId}' cannot be opened with this instance's data protection keys; enter the bot token again"));
        }
        return Decide(connection, accountId, found);
    }

    /// <summary>The bot, or no sender naming the missing or unusable credential.</summary>
    public static (TelegramBot? Bot, SendResult? Problem) Decide(TelegramBotConnection connection, string accountId, IReadOnlyDictionary<string, string> found)
    {
        if (!found.TryGetValue(TokenField, out var token) || string.IsNullOrWhiteSpace(token))
            return (null, new SendResult.NoSender($"Telegram provider account '{accountId}' has no '{TokenField}' credential (the token BotFather gave)"));
        var (apiBase, problem) = ApiBaseOf(found, connection.ApiBase, $"Telegram provider account '{accountId}'");
        if (apiBase is null) return (null, new SendResult.NoSender(problem!));
        return (new TelegramBot(token.Trim(), connection.At(apiBase)), null);
    }

    /// <summary>The account's Bot API server, which must be a server's root: Telegram.Bot drops a base URL's path, so one would silently go elsewhere.</summary>
    public static (Uri? Base, string? Problem) ApiBaseOf(IReadOnlyDictionary<string, string> found, string instanceBase, string accountLabel)
    {
        var (apiBase, problem) = AccountApiBase.Of(found, instanceBase, accountLabel);
        if (apiBase is not null && apiBase.AbsolutePath != "/" && apiBase.ToString().TrimEnd('/') != instanceBase.TrimEnd('/'))
            return (null, $"The '{AccountApiBase.Field}' of {accountLabel} must be a Bot API server's root, such as http://127.0.0.1:8081, without a path");
        return (apiBase, problem);
    }
}
