using Inbox.Connectors.Fakes;
using Inbox.Silo.Accounts;

namespace Inbox.Web.Demo;

/// <summary>A provider account the demo makes for a channel, with credentials that point at the fake in this process.</summary>
public sealed record DemoAccount(string Id, ProviderAccountKind Kind, string Name, IReadOnlyDictionary<string, string> Credentials);

/// <summary>
/// One channel's provider, played in the demo by its fake inside the app: mapped under <c>/demo/fakes/{Path}</c>,
/// reached by the real sender through the accounts' credentials, and calling the app's real webhook once
/// <see cref="ConnectAsync"/> has told it where that is. Registering one (<see cref="DemoExtensions.AddDemoChannel{T}"/>)
/// is all a channel needs for its demo numbers, its conversations and the simulator.
/// </summary>
public interface IDemoChannel
{
    IChannelFake Fake { get; }

    /// <summary>The path segment under /demo/fakes/ where the fake's provider API is mapped ("acs").</summary>
    string Path { get; }

    /// <summary>The account the channel's demo numbers are registered on (one of <see cref="Accounts"/>).</summary>
    string NumbersAccount { get; }

    /// <summary>The accounts to make, shared with every demo brand; <paramref name="fake"/> is where the fake's API is (<see cref="ApiAsync"/>).</summary>
    IReadOnlyList<DemoAccount> Accounts(Uri fake);

    /// <summary>Maps the fake's provider API under <paramref name="prefix"/> (nothing, for a fake with a server of its own).</summary>
    void Map(IEndpointRouteBuilder routes, string prefix);

    /// <summary>
    /// Where the fake's provider API is, once the app listens: <paramref name="mapped"/>, where <see cref="Map"/> put it, unless
    /// the provider's client needs an API at a host's root (Telegram.Bot drops a base URL's path) and the fake runs a loopback server of its own.
    /// </summary>
    Task<Uri> ApiAsync(Uri mapped, CancellationToken cancellationToken) => Task.FromResult(mapped);

    /// <summary>
    /// Points the fake at the app's webhook (an Event Grid subscription, a bot's setWebhook, a Meta app subscription),
    /// once the app listens at <paramref name="app"/> and the accounts' secrets are set. Null when done; otherwise why not.
    /// </summary>
    Task<string?> ConnectAsync(Uri app, CancellationToken cancellationToken);
}

/// <summary>The channels whose fakes run in this process, for the seed, the endpoints and the simulator.</summary>
public sealed class DemoChannels(IEnumerable<IDemoChannel> channels)
{
    /// <summary>Where every fake's provider API is mapped under the app.</summary>
    public const string Prefix = "/demo/fakes";

    public IReadOnlyList<IDemoChannel> All { get; } = [.. channels];

    public IDemoChannel? For(Silo.Channels.Channel channel) => All.FirstOrDefault(c => c.Fake.Channel == channel);
}
