using System.Security.Cryptography;
using Inbox.Connectors.Messenger;
using Inbox.Silo.Accounts;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using Inbox.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Senders;

/// <summary>
/// Makes the sender of a Messenger Page account: the shared <see cref="MessengerClient"/> bound to the account's Page id
/// and Page token, with the Graph API's address, version and send timeout from Inbox:Providers:Meta. Like
/// <see cref="AcsSenderFactory"/>, it opens nothing here: the credentials are opened when a message goes out.
/// </summary>
public sealed class MessengerSenderFactory(IServiceProvider services) : IChannelSenderFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.MessengerPage;

    public IChannelSender Create(ProviderAccountView account) => new MessengerPageSender(
        services.GetRequiredService<MessengerClient>(), services.GetRequiredService<ProviderCredentials>(), services.GetRequiredService<IOptions<ProviderOptions>>(),
        services.GetService<IOutboundMedia>(), services.GetRequiredService<ILogger<MessengerSenderFactory>>(), account.Id);
}

/// <summary>
/// One Messenger Page account's sender and read marker: opens the account's credentials for each call and hands them to
/// <see cref="MessengerSender"/>. Missing or unreadable credentials are an outcome (no sender, auth failed), never an
/// exception; reasons and logs name the account and the credential, never a secret's value.
/// </summary>
public sealed class MessengerPageSender(MessengerClient client, ProviderCredentials credentials, IOptions<ProviderOptions> options, IOutboundMedia? uploads,
    ILogger logger, string accountId) : IChannelSender, IReadMarker
{
    public const string PageIdField = "pageId";
    public const string PageTokenField = "pageToken";

    public string ProviderAccount => accountId;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync();
        return opened.Sender is { } sender ? await sender.SendAsync(message, cancellationToken) : opened.Result!;
    }

    public async Task<SendResult> MarkReadAsync(string from, string to, string providerMessageId, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync();
        return opened.Sender is { } sender ? await sender.MarkReadAsync(from, to, providerMessageId, cancellationToken) : opened.Result!;
    }

    private async Task<(MessengerSender? Sender, SendResult? Result)> OpenAsync()
    {
        IReadOnlyDictionary<string, string> found;
        try
        {
            found = await credentials.GetAsync(accountId);
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The credentials of Messenger Page account {Account} cannot be opened with this instance's data protection keys", accountId);
            return (null, new SendResult.AuthFailed(
                $"The credentials of Messenger Page account '{accountId}' cannot be opened with this instance's data protection keys; enter the Page token again"));
        }
        var meta = options.Value.Meta;
        var (graphBase, problem) = AccountApiBase.Of(found, meta.GraphApiBase, $"Messenger Page account '{accountId}'");
        if (graphBase is null) return (null, new SendResult.NoSender(problem!));
        var graph = new MessengerGraph(graphBase, meta.GraphApiVersion, meta.Timeout);
        return Decide(accountId, found) switch
        {
            Usable usable => (new MessengerSender(client, accountId, new MessengerPage(graph, usable.PageId, usable.PageToken), uploads), null),
            Unusable unusable => (null, unusable.Result),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>What the account's credentials allow: the Page and its token, or the outcome that says what is missing.</summary>
    public static Credentials Decide(string accountId, IReadOnlyDictionary<string, string> found)
    {
        if (!found.TryGetValue(PageIdField, out var pageId) || string.IsNullOrWhiteSpace(pageId))
            return new Unusable(new SendResult.NoSender($"Messenger Page account '{accountId}' has no '{PageIdField}' credential (the Page's numeric id)"));
        if (!pageId.Trim().All(char.IsAsciiDigit))
            return new Unusable(new SendResult.NoSender($"The '{PageIdField}' of Messenger Page account '{accountId}' is not a Page id (digits only)"));
        if (!found.TryGetValue(PageTokenField, out var token) || string.IsNullOrWhiteSpace(token))
            return new Unusable(new SendResult.NoSender($"Messenger Page account '{accountId}' has no '{PageTokenField}' credential"));
        return new Usable(pageId.Trim(), token.Trim());
    }

    public abstract record Credentials;

    public sealed record Usable(string PageId, string PageToken) : Credentials;

    public sealed record Unusable(SendResult Result) : Credentials;
}
