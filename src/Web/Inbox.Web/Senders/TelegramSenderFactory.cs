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

/// <summary>One Telegram bot account's sender: opens its botToken for the send; a missing or unopenable one is an outcome, never an exception.</summary>
public sealed class TelegramBotAccountSender(TelegramBotConnection connection, ProviderCredentials credentials, ILogger logger, string accountId) : IChannelSender
{
    public string ProviderAccount => accountId;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var (token, problem) = await TelegramBotToken.OpenAsync(credentials, logger, accountId);
        if (token is null) return problem!;
        return await new TelegramBotSender(connection, accountId, token).SendAsync(message, cancellationToken);
    }
}

/// <summary>A Telegram bot account's token, opened from its credentials; or the send outcome that says why there is none, never the secret.</summary>
public static class TelegramBotToken
{
    public const string Field = "botToken";

    public static async Task<(string? Token, SendResult? Problem)> OpenAsync(ProviderCredentials credentials, ILogger logger, string accountId)
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
        return Decide(accountId, found);
    }

    /// <summary>The token, or no sender naming the missing credential.</summary>
    public static (string? Token, SendResult? Problem) Decide(string accountId, IReadOnlyDictionary<string, string> found) =>
        found.TryGetValue(Field, out var token) && !string.IsNullOrWhiteSpace(token)
            ? (token.Trim(), null)
            : (null, new SendResult.NoSender($"Telegram provider account '{accountId}' has no '{Field}' credential (the token BotFather gave)"));
}
