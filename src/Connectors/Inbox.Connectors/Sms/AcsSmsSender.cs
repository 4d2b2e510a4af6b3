using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Sms;

/// <summary>
/// The sender of one ACS resource: the account's endpoint and access key bound to the shared client.
/// Cheap to make for each send, as <see cref="IChannelSenderFactory"/> requires; the factory that reads
/// them from the provider account comes with the accounts' credentials.
/// </summary>
public sealed class AcsSmsSender(AcsSmsClient client, string providerAccount, Uri endpoint, string accessKey) : IChannelSender
{
    public string ProviderAccount => providerAccount;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        client.SendAsync(endpoint, accessKey, message, cancellationToken);
}
