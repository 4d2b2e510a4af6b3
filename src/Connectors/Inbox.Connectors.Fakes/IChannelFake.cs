using Inbox.Silo.Channels;

namespace Inbox.Connectors.Fakes;

/// <summary>
/// What every provider fake offers the demo's customer simulator and the end-to-end tests: play a customer
/// who writes to a brand's address (the fake calls the app's real webhook, signed as the provider signs), and
/// show what the brand sent that customer, with the ticks the channel reports. One per provider fake.
/// </summary>
public interface IChannelFake
{
    Channel Channel { get; }

    /// <summary>
    /// The customer <paramref name="customer"/> (an E.164 number, a Messenger PSID, a Telegram chat id) writes
    /// <paramref name="text"/> to the brand address <paramref name="brandAddress"/> (the number, phone number id,
    /// page id or bot id as registered). Posts the provider's webhook to the app and returns the app's answer:
    /// a simulated message never goes around the webhook, so a wrong secret is refused here too.
    /// </summary>
    Task<FakeDelivery> SendAsCustomerAsync(string brandAddress, string customer, string text, CancellationToken cancellationToken);

    /// <summary>What the brand sent to <paramref name="customer"/> through this fake, oldest first.</summary>
    IReadOnlyList<FakeOutbound> SentTo(string customer);
}

/// <summary>The app's answer to a webhook a fake posted: the HTTP status and, when refused, the body it gave.</summary>
public sealed record FakeDelivery(int Status, string? Problem)
{
    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>
/// One message the brand sent, as the fake received it: from which brand address, and the furthest tick the
/// fake has reported back for it (sent, delivered, read), or failed with the provider's reason.
/// </summary>
public sealed record FakeOutbound(string ProviderMessageId, string From, string To, string? Text, DateTimeOffset At, string Status);
