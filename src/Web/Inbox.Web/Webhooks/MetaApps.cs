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
/// Inbox:Providers:Meta:Apps, then the Meta app accounts with an app secret, kept and refreshed by an
/// <see cref="AccountsCache{T}"/>.
/// </summary>
public sealed class MetaApps(Rows rows, ProviderCredentials credentials, IOptions<ProviderOptions> options, TimeProvider time, ILogger<MetaApps> logger)
{
    private readonly AccountsCache<MetaApp> apps = new(ProviderAccountKind.MetaApp, accounts => Build(options.Value, accounts), rows, credentials, time, logger);

    /// <summary>The app whose secret signed these exact bytes, or null: a malformed header, or signed by none.</summary>
    public async Task<MetaApp?> SignerAsync(ReadOnlyMemory<byte> body, string? header) =>
        MetaSignature.Digest(header) is { } digest ? await apps.FindAsync(app => app.Signed(body.Span, digest)) : null;

    /// <summary>Whether some app has this verify token (compared in constant time, like the signatures).</summary>
    public async Task<bool> HasVerifyTokenAsync(string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var given = Encoding.UTF8.GetBytes(token);
        return await apps.FindAsync(a => a.VerifyToken is { } mine && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(mine), given)) is not null;
    }

    private static IReadOnlyList<MetaApp> Build(ProviderOptions options, IReadOnlyList<(string Id, IReadOnlyDictionary<string, string> Credentials)> accounts)
    {
        var apps = options.Meta.Apps
            .Where(a => !string.IsNullOrEmpty(a.Value.AppSecret))
            .Select(a => new MetaApp(a.Key, Encoding.UTF8.GetBytes(a.Value.AppSecret!), a.Value.VerifyToken, a.Value.AppId, Bytes(a.Value.AppSecretNext)))
            .ToList();
        foreach (var (id, opened) in accounts)
        {
            if (opened.TryGetValue("appSecret", out var secret) && secret.Length > 0)
                apps.Add(new MetaApp(id, Encoding.UTF8.GetBytes(secret), opened.GetValueOrDefault("verifyToken"), opened.GetValueOrDefault("appId"),
                    Bytes(opened.GetValueOrDefault("appSecretNext"))));
        }
        return apps;
    }

    private static byte[]? Bytes(string? secret) => string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);
}
