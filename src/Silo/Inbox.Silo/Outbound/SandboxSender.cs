using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Silo.Outbound;

/// <summary>
/// The provider account "sandbox": accepts every message and, a second later, reports it delivered
/// through the normal inbound path. For demos and trying Inbox without provider accounts.
/// </summary>
public sealed class SandboxSender(IServiceProvider services, AppClock time) : IChannelSender
{
    public const string Account = "sandbox";

    public string ProviderAccount => Account;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var providerId = "sbx_" + message.MessageId;
        _ = ReportDeliveredAsync(message, providerId);
        return Task.FromResult<SendResult>(new SendResult.Accepted(providerId));
    }

    private async Task ReportDeliveredAsync(OutboundMessage message, string providerId)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), time.Time);
        await services.GetRequiredService<InboundProcessor>().ProcessAsync(new InboundEvent
        {
            Kind = InboundKind.Status,
            Channel = message.Channel,
            NumberAddress = message.From,
            SenderAddress = message.To,
            DedupeKey = providerId + ":delivered",
            ProviderMessageId = providerId,
            ProviderTimestamp = time.GetUtcNow(),
            Status = DeliveryStatus.Delivered,
        });
    }
}
