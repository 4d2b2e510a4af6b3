using System.Security.Cryptography;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Accounts;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Senders;

/// <summary>
/// Makes the sender of a WhatsApp Business Account: the shared <see cref="WhatsAppCloudClient"/> bound to the
/// account's token, the Graph address and version from configuration, and the uploads store (when the host has
/// one) for attachments uploaded to Inbox. Like <see cref="AcsSenderFactory"/>, it opens nothing until a message goes out.
/// </summary>
public sealed class WhatsAppSenderFactory(IServiceProvider services) : IChannelSenderFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.WhatsAppBusinessAccount;

    public IChannelSender Create(ProviderAccountView account) => new WhatsAppAccountSender(
        services.GetRequiredService<WhatsAppCloudClient>(), WhatsAppCredentials.From(services), services.GetService<IOutboundMedia>(), account.Id);
}

/// <summary>One WhatsApp Business Account's sender and read marker: opens its credentials for each call, then sends through <see cref="WhatsAppSender"/>.</summary>
public sealed class WhatsAppAccountSender(WhatsAppCloudClient client, WhatsAppCredentials credentials, IOutboundMedia? uploads, string accountId)
    : IChannelSender, IReadMarker
{
    public string ProviderAccount => accountId;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        await credentials.OpenAsync(accountId) switch
        {
            WhatsAppCredentials.Usable usable => await new WhatsAppSender(client, accountId, usable.Account, uploads).SendAsync(message, cancellationToken),
            WhatsAppCredentials.Unusable unusable => unusable.Result,
            _ => throw new InvalidOperationException("unreachable"),
        };

    public async Task<SendResult> MarkReadAsync(string from, string to, string providerMessageId, CancellationToken cancellationToken) =>
        await credentials.OpenAsync(accountId) switch
        {
            WhatsAppCredentials.Usable usable => await client.MarkReadAsync(usable.Account, from, providerMessageId, cancellationToken),
            WhatsAppCredentials.Unusable unusable => unusable.Result,
            _ => throw new InvalidOperationException("unreachable"),
        };
}

/// <summary>
/// A WhatsApp Business Account's credentials as the connector needs them. Missing, malformed or unopenable ones are
/// an outcome (no sender, auth failed) naming the account and the credential, never a secret's value.
/// </summary>
public sealed partial class WhatsAppCredentials(ProviderCredentials credentials, IOptions<ProviderOptions> options, ILogger<WhatsAppCredentials> logger)
{
    public const string AccessTokenField = "accessToken";
    public const string BusinessAccountIdField = "businessAccountId";

    public static WhatsAppCredentials From(IServiceProvider services) => new(services.GetRequiredService<ProviderCredentials>(),
        services.GetRequiredService<IOptions<ProviderOptions>>(), services.GetRequiredService<ILogger<WhatsAppCredentials>>());

    public async Task<Credentials> OpenAsync(string accountId)
    {
        try
        {
            return Decide(accountId, await credentials.GetAsync(accountId), options.Value.Meta);
        }
        catch (CryptographicException)
        {
            LogUnreadable(logger, accountId);
            return new Unusable(new SendResult.AuthFailed(
                $"The credentials of WhatsApp business account '{accountId}' cannot be opened with this instance's data protection keys; enter the access token again"));
        }
    }

    /// <summary>What the credentials allow: calls as the account, or the outcome that says what is missing.</summary>
    public static Credentials Decide(string accountId, IReadOnlyDictionary<string, string> found, ProviderOptions.MetaOptions meta)
    {
        if (!found.TryGetValue(AccessTokenField, out var token) || string.IsNullOrWhiteSpace(token))
            return new Unusable(new SendResult.NoSender($"WhatsApp business account '{accountId}' has no '{AccessTokenField}' credential (a system user's token with whatsapp_business_messaging)"));
        if (token.Trim().Any(char.IsWhiteSpace))
            return new Unusable(new SendResult.AuthFailed($"The '{AccessTokenField}' of WhatsApp business account '{accountId}' contains white space, which no Meta token does"));
        var businessAccount = found.TryGetValue(BusinessAccountIdField, out var id) && !string.IsNullOrWhiteSpace(id) ? id.Trim() : null;
        var (graph, problem) = AccountApiBase.Of(found, meta.GraphApiBase, $"WhatsApp business account '{accountId}'");
        if (graph is null) return new Unusable(new SendResult.NoSender(problem!));
        return new Usable(new WhatsAppAccount(graph, meta.GraphApiVersion, token.Trim(), businessAccount));
    }

    public abstract record Credentials;

    public sealed record Usable(WhatsAppAccount Account) : Credentials;

    public sealed record Unusable(SendResult Result) : Credentials;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credentials of WhatsApp business account {Account} cannot be opened with this instance's data protection keys")]
    private static partial void LogUnreadable(ILogger logger, string account);
}
