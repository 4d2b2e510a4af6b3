using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Accounts;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Accounts;

/// <summary>
/// An account's credentials: the ones entered through the API (sealed in its grain and row) with the
/// ones configured for it (Inbox:Providers:Accounts) over them. Connectors ask here; nothing else opens them.
/// </summary>
public sealed class ProviderCredentials(IGrainFactory grains, ProviderAccounts directory, CredentialVault vault, IOptions<ProviderOptions> options)
{
    /// <summary>Raised on this node when an account's credentials change, so caches of them (the Meta apps) look again.</summary>
    public event Action<ProviderAccountKind>? Changed;

    /// <summary>
    /// The account's credentials, opened on the thread pool. Senders call this from the outbox's grain turn, and
    /// Data Protection reads its key ring synchronously (our repository blocks on the database) whenever the ring
    /// is refreshed: for an unknown key id, on expiry, when a key is rolled. Blocking the grain's single-threaded
    /// scheduler on that read would wait forever for a continuation queued behind it, so the opening leaves it.
    /// A ciphertext this key ring cannot open throws <see cref="System.Security.Cryptography.CryptographicException"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(string accountId)
    {
        var sealedCredentials = await grains.GetGrain<IProviderAccountGrain>(accountId).GetSealedCredentials();
        return await Task.Run(() => Overlay(accountId, vault.Open(sealedCredentials)));
    }

    /// <summary>Sealed credentials as read from the account's row, opened and with the configured ones over them.</summary>
    public IReadOnlyDictionary<string, string> Open(string accountId, string? sealedCredentials) => Overlay(accountId, vault.Open(sealedCredentials));

    /// <summary>
    /// Sets the named credentials and keeps the others; a null or empty value removes one. A name the
    /// account's kind does not take is refused naming it, so a typo never stores a secret under a name no connector reads.
    /// </summary>
    public async Task<ProviderAccountView> SetAsync(Caller caller, string accountId, IReadOnlyDictionary<string, string?> changes)
    {
        if (await directory.GetAsync(caller, accountId) is not { } account) throw Refuse.NotFound("provider_account", accountId);
        var grain = grains.GetGrain<IProviderAccountGrain>(accountId);
        var fields = CredentialFields.Of(account.Kind);
        if (fields.Count == 0) throw Refuse.Invalid("no_credentials", "Built-in accounts come with Inbox and take no credentials.");
        foreach (var (name, value) in changes)
        {
            if (!fields.Any(f => f.Name == name))
                throw Refuse.Invalid("unknown_credential", $"A {account.Kind} account takes {string.Join(", ", fields.Select(f => f.Name))}; '{name}' is not one of them.", name);
            if (value is { Length: > 4096 }) throw Refuse.Invalid("bad_credential", $"'{name}' is longer than 4096 characters.", name);
        }
        var merged = new Dictionary<string, string>(vault.Open(await grain.GetSealedCredentials()));
        foreach (var (name, value) in changes)
        {
            if (string.IsNullOrEmpty(value)) merged.Remove(name);
            else merged[name] = value;
        }
        var hints = fields.Where(f => merged.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => CredentialFields.Hint(f, merged[f.Name]));
        var changed = await grain.SetCredentials(caller, new SealedCredentials(merged.Count == 0 ? null : vault.Seal(merged), hints));
        Changed?.Invoke(account.Kind);
        return changed;
    }

    private IReadOnlyDictionary<string, string> Overlay(string accountId, IReadOnlyDictionary<string, string> stored)
    {
        if (!options.Value.Accounts.TryGetValue(accountId, out var configured) || configured.Count == 0) return stored;
        var merged = new Dictionary<string, string>(stored);
        foreach (var (name, value) in configured) merged[name] = value;
        return merged;
    }
}
