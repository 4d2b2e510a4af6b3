using Inbox.Silo.Accounts;

namespace Inbox.Silo.Outbound;

/// <summary>A connector's part for one kind of provider account: the sender of an account, made from the account as it is now.</summary>
public interface IChannelSenderFactory
{
    ProviderAccountKind Kind { get; }

    /// <summary>Called for each send, so it must be cheap (hold HTTP clients through IHttpClientFactory, not per sender).</summary>
    IChannelSender Create(ProviderAccountView account);
}

/// <summary>
/// The sender of a provider account, found when a message goes out: a built-in sender (the sandbox) by its
/// name, any other account through its grain and the connector for its kind. An account added through the
/// API sends at once, on every node, without a restart.
/// </summary>
public sealed class SenderDirectory(IEnumerable<IChannelSender> builtIn, IEnumerable<IChannelSenderFactory> factories, IGrainFactory grains)
{
    private readonly Dictionary<string, IChannelSender> _builtIn = builtIn.ToDictionary(s => s.ProviderAccount, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ProviderAccountKind, IChannelSenderFactory> _factories = factories.ToDictionary(f => f.Kind);

    /// <summary>The senders that come with Inbox; every brand may use them.</summary>
    public IReadOnlyCollection<string> BuiltInAccounts => _builtIn.Keys;

    public IChannelSender? BuiltIn(string providerAccount) => _builtIn.GetValueOrDefault(providerAccount);

    public async Task<Found> ForAsync(string providerAccount)
    {
        if (BuiltIn(providerAccount) is { } sender) return new Found(sender, null);
        var account = await grains.GetGrain<IProviderAccountGrain>(providerAccount).Get();
        if (account is null) return new Found(null, $"the provider account '{providerAccount}' does not exist");
        return _factories.TryGetValue(account.Kind, out var factory)
            ? new Found(factory.Create(account), null)
            : new Found(null, $"no connector for {account.Kind} accounts is installed (provider account '{providerAccount}')");
    }

    /// <summary>A sender, or why there is none.</summary>
    public sealed record Found(IChannelSender? Sender, string? Missing);
}
