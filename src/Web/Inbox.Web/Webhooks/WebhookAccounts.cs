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
/// WhatsApp business and Messenger Page accounts that name the Meta app serving them, kept as
/// <see cref="MetaApps"/> keeps the Meta apps: read once per kind, read again when credentials of that kind
/// change on this node, when a secret matches none and the list is more than a few seconds old (an account
/// set up through another node), and at least once a minute (a secret removed elsewhere stops being accepted here too).
/// </summary>
public sealed partial class WebhookAccounts
{
    private static readonly TimeSpan LookAgainAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeepAtMost = TimeSpan.FromMinutes(1);
    private readonly Rows rows;
    private readonly ProviderCredentials credentials;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookAccounts> logger;
    private readonly Dictionary<ProviderAccountKind, Cache> caches = new()
    {
        [ProviderAccountKind.TelegramBot] = new(), [ProviderAccountKind.AcsResource] = new(),
        [ProviderAccountKind.WhatsAppBusinessAccount] = new(), [ProviderAccountKind.MessengerPage] = new(),
    };

    public WebhookAccounts(Rows rows, ProviderCredentials credentials, TimeProvider time, ILogger<WebhookAccounts> logger)
    {
        (this.rows, this.credentials, this.time, this.logger) = (rows, credentials, time, logger);
        credentials.Changed += kind =>
        {
            if (!caches.TryGetValue(kind, out var cache)) return;
            Interlocked.Increment(ref cache.Changes);
            cache.Known = null;
        };
    }

    private sealed class Cache
    {
        public readonly SemaphoreSlim Loading = new(1, 1);
        public volatile Known? Known;
        public int Changes;
    }

    private sealed record Known(IReadOnlyList<WebhookAccount> Accounts, DateTimeOffset ReadAt);

    /// <summary>The first account of <paramref name="kind"/> (by id) that <paramref name="matches"/>, or null when none does.</summary>
    public async Task<WebhookAccount?> FindAsync(ProviderAccountKind kind, Func<WebhookAccount, bool> matches)
    {
        var cache = caches[kind];
        var known = cache.Known is { } kept && time.GetUtcNow() - kept.ReadAt < KeepAtMost ? kept : await ReadAsync(kind, cache, cache.Known);
        if (known.Accounts.FirstOrDefault(matches) is { } found) return found;
        if (time.GetUtcNow() - known.ReadAt < LookAgainAfter) return null;
        return (await ReadAsync(kind, cache, known)).Accounts.FirstOrDefault(matches);
    }

    /// <summary>Reads the accounts unless another caller did since <paramref name="stale"/> was read.</summary>
    private async Task<Known> ReadAsync(ProviderAccountKind kind, Cache cache, Known? stale)
    {
        await cache.Loading.WaitAsync();
        try
        {
            if (cache.Known is { } current && !ReferenceEquals(current, stale)) return current;
            var changes = Volatile.Read(ref cache.Changes);
            var read = time.GetUtcNow();
            var rowsRead = await rows.QueryAsync("SELECT id, credentials FROM provider_accounts WHERE kind = $1 ORDER BY id",
                [kind.ToString()], r => (Id: r.GetString(0), Sealed: r.Text(1)));
            var accounts = new List<WebhookAccount>(rowsRead.Count);
            foreach (var (id, sealedCredentials) in rowsRead)
            {
                try
                {
                    accounts.Add(new WebhookAccount(id, credentials.Open(id, sealedCredentials)));
                }
                catch (CryptographicException)
                {
                    // One account sealed under a key the ring no longer has must not refuse every other account's webhooks.
                    LogUnreadable(logger, kind, id);
                }
            }
            var known = new Known(accounts, read);
            // A change during the read may not be in it: keep the list only if none came.
            if (Volatile.Read(ref cache.Changes) == changes) cache.Known = known;
            return known;
        }
        finally
        {
            cache.Loading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credentials of {Kind} account {AccountId} cannot be opened with the data-protection key ring; enter them again")]
    private static partial void LogUnreadable(ILogger logger, ProviderAccountKind kind, string accountId);
}
