using Inbox.Silo.Access;
using Inbox.Silo.Outbound;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Accounts;

/// <summary>
/// Which provider accounts a brand may use and a caller may see: the brand's own, the owner's shared
/// with it, and the built-in senders (the sandbox), which every brand may use.
/// </summary>
public sealed class ProviderAccounts(IGrainFactory grains, SenderDirectory senders, Rows rows)
{
    public async Task<ProviderAccountView?> UsableAsync(string accountId, string brandId)
    {
        var account = BuiltIn(accountId) ?? await grains.GetGrain<IProviderAccountGrain>(accountId).Get();
        return account is not null && account.UsableBy(brandId) ? account : null;
    }

    public async Task<ProviderAccountView?> GetAsync(Caller caller, string accountId)
    {
        var account = BuiltIn(accountId) ?? await grains.GetGrain<IProviderAccountGrain>(accountId).Get();
        return account is not null && account.VisibleTo(caller) ? account : null;
    }

    /// <summary>The accounts the caller may see, optionally only those one brand may use; built-ins first, then by name.</summary>
    public async Task<IReadOnlyList<ProviderAccountView>> ListAsync(Caller caller, string? brandId)
    {
        if (brandId is not null) Visibility.EnsureCanSeeBrand(caller, brandId);
        var brands = brandId is not null ? [brandId] : caller.IsOwner ? null : caller.Brands.Keys.ToArray();
        var sql = new Queries.Sql();
        if (brands is not null)
        {
            var list = brands.Length == 0 ? "NULL" : sql.In(brands);
            sql.Where($"a.owner_brand_id IN ({list}) OR (a.owner_brand_id IS NULL AND a.id IN (SELECT s.account_id FROM provider_account_shares s WHERE s.brand_id IN ({list})))");
        }
        var ids = await rows.QueryAsync($"SELECT a.id FROM provider_accounts a {sql.WhereClause} ORDER BY a.name, a.id", sql.Args, r => r.GetString(0));
        var found = new List<ProviderAccountView>(senders.BuiltInAccounts.Order(StringComparer.Ordinal).Select(a => BuiltIn(a)!));
        foreach (var id in ids)
        {
            if (await grains.GetGrain<IProviderAccountGrain>(id).Get() is { } account) found.Add(account);
        }
        return found;
    }

    private ProviderAccountView? BuiltIn(string accountId) => senders.BuiltIn(accountId) is { } sender
        ? new ProviderAccountView(sender.ProviderAccount, ProviderAccountKind.BuiltIn, sender.ProviderAccount, null, [], DateTimeOffset.UnixEpoch)
        : null;
}
