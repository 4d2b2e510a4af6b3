using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Accounts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;

namespace Inbox.Web.Senders;

/// <summary>Opens customers' WhatsApp attachments with the business account's own token, which Meta's media URLs require.</summary>
public sealed class WhatsAppMediaSourceFactory(IServiceProvider services) : IMediaSourceFactory
{
    public ProviderAccountKind Kind => ProviderAccountKind.WhatsAppBusinessAccount;

    public IMediaSource Create(ProviderAccountView account) =>
        new WhatsAppAccountMediaSource(services.GetRequiredService<WhatsAppCloudClient>(), WhatsAppCredentials.From(services), account.Id);
}

/// <summary>One account's media source: credentials that cannot be used are the account's fault (auth failed), said without a secret.</summary>
public sealed class WhatsAppAccountMediaSource(WhatsAppCloudClient client, WhatsAppCredentials credentials, string accountId) : IMediaSource
{
    public async Task<MediaFetch> FetchAsync(MediaRef media, long maxBytes, CancellationToken cancellationToken) =>
        await credentials.OpenAsync(accountId) switch
        {
            WhatsAppCredentials.Usable usable => await client.FetchMediaAsync(usable.Account, media, maxBytes, cancellationToken),
            WhatsAppCredentials.Unusable { Result: var result } => new MediaFetch.AuthFailed(Inbox.Silo.Outbound.Outbox.Failure(result)?.Reason
                ?? $"WhatsApp business account '{accountId}' cannot fetch media"),
            _ => throw new InvalidOperationException("unreachable"),
        };
}
