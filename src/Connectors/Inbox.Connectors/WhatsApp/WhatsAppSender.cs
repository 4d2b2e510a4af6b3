using Inbox.Silo.Media;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.WhatsApp;

/// <summary>
/// The sender of one WhatsApp Business Account: the account's Graph address and token bound to the shared client.
/// Cheap to make for each send, as <see cref="IChannelSenderFactory"/> requires. It also marks customers' messages
/// read, which WhatsApp shows them as blue ticks.
/// </summary>
public sealed class WhatsAppSender(WhatsAppCloudClient client, string providerAccount, WhatsAppAccount account, IOutboundMedia? uploads)
    : IChannelSender, IReadMarker
{
    public string ProviderAccount => providerAccount;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        client.SendAsync(account, message, uploads, cancellationToken);

    public Task<SendResult> MarkReadAsync(string from, string to, string providerMessageId, CancellationToken cancellationToken) =>
        client.MarkReadAsync(account, from, providerMessageId, cancellationToken);
}
