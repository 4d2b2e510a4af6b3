using System.Security.Cryptography;
using System.Text;
using Inbox.Silo.Accounts;
using Inbox.Silo.Storage;
using Inbox.Web.Accounts;

namespace Inbox.Web.Webhooks;

/// <summary>A provider account as a webhook sees it: its id and its opened credentials (with the configured ones over them).</summary>
public sealed record WebhookAccount(string Id, IReadOnlyDictionary<string, string> Credentials)
{
    /// <summary>Whether the named credential equals <paramref name="given"/>, compared in constant time; never for an unset one.</summary>
    public bool Holds(string name, string? given) =>
        !string.IsNullOrEmpty(given) && Credentials.TryGetValue(name, out var mine) && !string.IsNullOrEmpty(mine)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(mine), Encoding.UTF8.GetBytes(given));
}

/// <summary>
/// The Telegram bot and ACS resource accounts whose secrets the Telegram and SMS webhooks accept, and the
/// WhatsApp business and Messenger Page accounts that name the Meta app serving them: an
/// <see cref="AccountsCache{T}"/> per kind, as <see cref="MetaApps"/> keeps the Meta apps.
/// </summary>
public sealed class WebhookAccounts
{
    private readonly Dictionary<ProviderAccountKind, AccountsCache<WebhookAccount>> caches;

    public WebhookAccounts(Rows rows, ProviderCredentials credentials, TimeProvider time, ILogger<WebhookAccounts> logger) =>
        caches = new[] { ProviderAccountKind.TelegramBot, ProviderAccountKind.AcsResource, ProviderAccountKind.WhatsAppBusinessAccount, ProviderAccountKind.MessengerPage }
            .ToDictionary(kind => kind, kind => new AccountsCache<WebhookAccount>(kind,
                accounts => accounts.Select(a => new WebhookAccount(a.Id, a.Credentials)).ToList(), rows, credentials, time, logger));

    /// <summary>The first account of <paramref name="kind"/> (by id) that <paramref name="matches"/>, or null when none does.</summary>
    public Task<WebhookAccount?> FindAsync(ProviderAccountKind kind, Func<WebhookAccount, bool> matches) => caches[kind].FindAsync(matches);
}
