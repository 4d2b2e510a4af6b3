using System.Security.Cryptography;
using System.Text;
using Inbox.Connectors.Meta;
using Inbox.Silo.Accounts;
using Inbox.Silo.Storage;
using Inbox.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Webhooks;

/// <summary>
/// A Meta app as the webhooks know it: its name (an account id or a configured name), secret, verify token and Meta's
/// app id, and during a rotation the next secret, which signs as well as the current one until it replaces it.
/// </summary>
public sealed record MetaApp(string Name, byte[] Secret, string? VerifyToken, string? AppId, byte[]? NextSecret = null)
{
    /// <summary>Whether <paramref name="digest"/> is this app's signature of the body under its secret or its next one.</summary>
    public bool Signed(ReadOnlySpan<byte> body, ReadOnlySpan<byte> digest) =>
        MetaSignature.Matches(body, digest, Secret) || NextSecret is { } next && MetaSignature.Matches(body, digest, next);
}

/// <summary>
/// The Meta apps whose signatures the WhatsApp and Messenger webhooks accept: those configured under
/// Inbox:Providers:Meta:Apps and the Meta app accounts with an app secret. They are read once and
/// kept, read again when credentials change on this node, and when a signature matches none of them
/// and the list is more than a few seconds old (an app set up through another node), and at least
/// once a minute (a secret removed through another node stops being accepted here too).
/// </summary>
public sealed partial class MetaApps
{
    private static readonly TimeSpan LookAgainAfter = TimeSpan.FromSeconds(5);

    /// <summary>How long a removed or replaced secret may still be accepted by a node that did not make the change.</summary>
    private static readonly TimeSpan KeepAtMost = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Rows rows;
    private readonly ProviderCredentials credentials;
    private readonly IOptions<ProviderOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<MetaApps> logger;
    private volatile Known? _known;
    private int _changes;

    public MetaApps(Rows rows, ProviderCredentials credentials, IOptions<ProviderOptions> options, TimeProvider time, ILogger<MetaApps> logger)
    {
        (this.rows, this.credentials, this.options, this.time, this.logger) = (rows, credentials, options, time, logger);
        credentials.Changed += kind =>
        {
            if (kind != ProviderAccountKind.MetaApp) return;
            Interlocked.Increment(ref _changes);
            _known = null;
        };
    }

    private sealed record Known(IReadOnlyList<MetaApp> Apps, DateTimeOffset ReadAt);

    /// <summary>The app whose secret signed these exact bytes, or null: a malformed header, or signed by none.</summary>
    public async Task<MetaApp?> SignerAsync(ReadOnlyMemory<byte> body, string? header)
    {
        if (MetaSignature.Digest(header) is not { } digest) return null;
        var known = await KnownAsync();
        if (Find(known.Apps, body.Span, digest) is { } app) return app;
        if (time.GetUtcNow() - known.ReadAt < LookAgainAfter) return null;
        return Find((await ReadAsync(known)).Apps, body.Span, digest);
    }

    /// <summary>Whether some app has this verify token (compared in constant time, like the signatures).</summary>
    public async Task<bool> HasVerifyTokenAsync(string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var given = Encoding.UTF8.GetBytes(token);
        var known = await KnownAsync();
        if (Matches(known.Apps, given)) return true;
        return time.GetUtcNow() - known.ReadAt >= LookAgainAfter && Matches((await ReadAsync(known)).Apps, given);
    }

    private static bool Matches(IReadOnlyList<MetaApp> apps, byte[] token) =>
        apps.Any(a => a.VerifyToken is { } mine && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(mine), token));

    private static MetaApp? Find(IReadOnlyList<MetaApp> apps, ReadOnlySpan<byte> body, byte[] digest)
    {
        foreach (var app in apps)
        {
            if (app.Signed(body, digest)) return app;
        }
        return null;
    }

    private async ValueTask<Known> KnownAsync() =>
        _known is { } known && time.GetUtcNow() - known.ReadAt < KeepAtMost ? known : await ReadAsync(_known);

    /// <summary>Reads the apps unless another caller did since <paramref name="stale"/> was read.</summary>
    private async Task<Known> ReadAsync(Known? stale)
    {
        await _loading.WaitAsync();
        try
        {
            if (_known is { } current && !ReferenceEquals(current, stale)) return current;
            var changes = Volatile.Read(ref _changes);
            var read = time.GetUtcNow();
            var apps = options.Value.Meta.Apps
                .Where(a => !string.IsNullOrEmpty(a.Value.AppSecret))
                .Select(a => new MetaApp(a.Key, Encoding.UTF8.GetBytes(a.Value.AppSecret!), a.Value.VerifyToken, a.Value.AppId, Bytes(a.Value.AppSecretNext)))
                .ToList();
            var accounts = await rows.QueryAsync("SELECT id, credentials FROM provider_accounts WHERE kind = $1 ORDER BY id",
                [nameof(ProviderAccountKind.MetaApp)], r => (Id: r.GetString(0), Sealed: r.Text(1)));
            foreach (var (id, sealedCredentials) in accounts)
            {
                IReadOnlyDictionary<string, string> opened;
                try
                {
                    opened = credentials.Open(id, sealedCredentials);
                }
                catch (CryptographicException)
                {
                    // One account sealed under a key the ring no longer has must not refuse every other app's webhooks.
                    LogUnreadable(logger, id);
                    continue;
                }
                if (opened.TryGetValue("appSecret", out var secret))
                    apps.Add(new MetaApp(id, Encoding.UTF8.GetBytes(secret), opened.GetValueOrDefault("verifyToken"), opened.GetValueOrDefault("appId"),
                        Bytes(opened.GetValueOrDefault("appSecretNext"))));
            }
            var known = new Known(apps, read);
            // A change during the read may not be in it: keep the list only if none came.
            if (Volatile.Read(ref _changes) == changes) _known = known;
            return known;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static byte[]? Bytes(string? secret) => string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credentials of Meta app account {AccountId} cannot be opened with the data-protection key ring; enter them again")]
    private static partial void LogUnreadable(ILogger logger, string accountId);
}
