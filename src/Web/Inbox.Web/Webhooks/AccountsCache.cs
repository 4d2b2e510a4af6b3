using System.Security.Cryptography;
using Inbox.Silo.Accounts;
using Inbox.Silo.Storage;
using Inbox.Web.Accounts;

namespace Inbox.Web.Webhooks;

/// <summary>
/// What the webhooks know of one kind of provider account, built from the accounts' opened credentials (and whatever
/// configuration adds), so that a webhook checks a signature or a secret without a database read. The list is read
/// once and kept; read again when credentials of that kind change on this node, when a lookup matches nothing and the
/// list is more than a few seconds old (an account set up through another node), and at least once a minute (a
/// secret removed through another node stops being accepted here too). One account whose credentials the key ring
/// cannot open is logged and left out, never a refusal of every other account's webhooks.
/// </summary>
public sealed partial class AccountsCache<T> where T : class
{
    private static readonly TimeSpan LookAgainAfter = TimeSpan.FromSeconds(5);

    /// <summary>How long a removed or replaced secret may still be accepted by a node that did not make the change.</summary>
    private static readonly TimeSpan KeepAtMost = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ProviderAccountKind kind;
    private readonly Func<IReadOnlyList<(string Id, IReadOnlyDictionary<string, string> Credentials)>, IReadOnlyList<T>> build;
    private readonly Rows rows;
    private readonly ProviderCredentials credentials;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private volatile Known? _known;
    private int _changes;

    /// <param name="build">What the webhooks keep, from the accounts of <paramref name="kind"/> (by id) that could be opened; called on every read, so it may add configured items too.</param>
    public AccountsCache(ProviderAccountKind kind, Func<IReadOnlyList<(string Id, IReadOnlyDictionary<string, string> Credentials)>, IReadOnlyList<T>> build,
        Rows rows, ProviderCredentials credentials, TimeProvider time, ILogger logger)
    {
        (this.kind, this.build, this.rows, this.credentials, this.time, this.logger) = (kind, build, rows, credentials, time, logger);
        credentials.Changed += changed =>
        {
            if (changed != kind) return;
            Interlocked.Increment(ref _changes);
            _known = null;
        };
    }

    private sealed record Known(IReadOnlyList<T> Items, DateTimeOffset ReadAt);

    /// <summary>The first item that <paramref name="matches"/>, or null when none does (after a second read if the list is not fresh).</summary>
    public async Task<T?> FindAsync(Func<T, bool> matches)
    {
        var known = _known is { } kept && time.GetUtcNow() - kept.ReadAt < KeepAtMost ? kept : await ReadAsync(_known);
        if (First(known.Items, matches) is { } found) return found;
        if (time.GetUtcNow() - known.ReadAt < LookAgainAfter) return null;
        return First((await ReadAsync(known)).Items, matches);
    }

    private static T? First(IReadOnlyList<T> items, Func<T, bool> matches)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (matches(items[i])) return items[i];
        }
        return null;
    }

    /// <summary>Reads the accounts unless another caller did since <paramref name="stale"/> was read.</summary>
    private async Task<Known> ReadAsync(Known? stale)
    {
        await _loading.WaitAsync();
        try
        {
            if (_known is { } current && !ReferenceEquals(current, stale)) return current;
            var changes = Volatile.Read(ref _changes);
            var read = time.GetUtcNow();
            var rowsRead = await rows.QueryAsync("SELECT id, credentials FROM provider_accounts WHERE kind = $1 ORDER BY id",
                [kind.ToString()], r => (Id: r.GetString(0), Sealed: r.Text(1)));
            var opened = new List<(string Id, IReadOnlyDictionary<string, string> Credentials)>(rowsRead.Count);
            foreach (var (id, sealedCredentials) in rowsRead)
            {
                try
                {
                    opened.Add((id, credentials.Open(id, sealedCredentials)));
                }
                catch (CryptographicException)
                {
                    LogUnreadable(logger, kind, id);
                }
            }
            var known = new Known(build(opened), read);
            // A change during the read may not be in it: keep the list only if none came.
            if (Volatile.Read(ref _changes) == changes) _known = known;
            return known;
        }
        finally
        {
            _loading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credentials of {Kind} account {AccountId} cannot be opened with the data-protection key ring; enter them again")]
    private static partial void LogUnreadable(ILogger logger, ProviderAccountKind kind, string accountId);
}
