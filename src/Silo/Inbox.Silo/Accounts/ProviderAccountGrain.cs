using Inbox.Silo.Access;
using Inbox.Silo.Brands;

namespace Inbox.Silo.Accounts;

public sealed class ProviderAccountState
{
    public int Format { get; set; } = 1;

    public ProviderAccountView? Account { get; set; }

    /// <summary>The credentials as Data Protection sealed them in the web host; this grain never sees them in the clear.</summary>
    public string? SealedCredentials { get; set; }
}

/// <summary>One provider account; its row and its shares are written with its state, for the lists.</summary>
[GrainType("ProviderAccount")]
public sealed class ProviderAccountGrain([PersistentState("account")] IPersistentState<ProviderAccountState> state, AppClock time)
    : Grain, IProviderAccountGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<ProviderAccountView> Create(Caller caller, NewProviderAccount account)
    {
        if (account.BrandId is { } brandId)
        {
            Visibility.EnsureCanManageBrand(caller, brandId);
            if (await GrainFactory.GetGrain<IBrandGrain>(brandId).Get() is null) throw Refuse.NotFound("brand", brandId);
            if (account.SharedWith is { Count: > 0 })
                throw Refuse.Invalid("bad_sharedWith", "A brand's own account is not shared; only the instance owner's accounts are.", "sharedWith");
        }
        else if (!caller.IsOwner)
        {
            throw Refuse.Forbidden("Accounts for the whole instance are the owner's; give brandId for an account of your brand.");
        }
        if (account.Kind == ProviderAccountKind.BuiltIn) throw Refuse.Invalid("bad_kind", "Built-in accounts come with Inbox; choose a provider's kind.", "kind");
        if (state.State.Account is not null) throw Refuse.Conflict("account_exists", $"Provider account '{Id}' exists already.");
        var shared = await SharesAsync(account.SharedWith ?? []);
        state.State.Account = new ProviderAccountView(Id, account.Kind, Names.Required(account.Name, "name"), account.BrandId, shared, time.GetUtcNow());
        return await SaveAsync(insert: true);
    }

    public async Task<ProviderAccountView> Change(Caller caller, ProviderAccountChange change)
    {
        if (state.State.Account is not { } account || !account.VisibleTo(caller)) throw Refuse.NotFound("provider_account", Id);
        if (!account.ManageableBy(caller)) throw Refuse.Forbidden("Changing this account takes the owner (for the instance's accounts) or the brand's admin.");
        if (change.SharedWith is not null && account.OwnerBrandId is not null)
            throw Refuse.Invalid("bad_sharedWith", "A brand's own account is not shared; only the instance owner's accounts are.", "sharedWith");
        state.State.Account = account with
        {
            Name = change.Name is null ? account.Name : Names.Required(change.Name, "name"),
            SharedWith = change.SharedWith is null ? account.SharedWith : await SharesAsync(change.SharedWith),
        };
        return await SaveAsync(insert: false);
    }

    public async Task<ProviderAccountView> SetCredentials(Caller caller, SealedCredentials credentials)
    {
        if (state.State.Account is not { } account || !account.VisibleTo(caller)) throw Refuse.NotFound("provider_account", Id);
        if (!account.ManageableBy(caller)) throw Refuse.Forbidden("Setting credentials takes the owner (for the instance's accounts) or the brand's admin.");
        state.State.Account = account with { Credentials = credentials.Hints };
        state.State.SealedCredentials = credentials.Sealed;
        return await SaveAsync(insert: false);
    }

    public Task<string?> GetSealedCredentials() => Task.FromResult(state.State.SealedCredentials);

    public Task<ProviderAccountView?> Get() => Task.FromResult(state.State.Account);

    private async Task<IReadOnlyList<string>> SharesAsync(IReadOnlyList<string> brands)
    {
        foreach (var brand in brands.Distinct())
        {
            if (await GrainFactory.GetGrain<IBrandGrain>(brand).Get() is null) throw Refuse.Invalid("unknown_brand", $"There is no brand '{brand}' to share with.", "sharedWith");
        }
        return brands.Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    private async Task<ProviderAccountView> SaveAsync(bool insert)
    {
        var a = state.State.Account!;
        var work = new UnitOfWork();
        work.Add(insert
            ? new SqlWrite("INSERT INTO provider_accounts (id, kind, name, owner_brand_id, created_at) VALUES ($1, $2, $3, $4, $5)",
                a.Id, a.Kind.ToString(), a.Name, SqlValue.Of(a.OwnerBrandId), a.CreatedAt.ToUnixTimeMilliseconds())
            : new SqlWrite("UPDATE provider_accounts SET name = $2, credentials = $3 WHERE id = $1", a.Id, a.Name, SqlValue.Of(state.State.SealedCredentials)));
        work.Add(new SqlWrite("DELETE FROM provider_account_shares WHERE account_id = $1", a.Id));
        foreach (var brand in a.SharedWith) work.Add(new SqlWrite("INSERT INTO provider_account_shares (account_id, brand_id) VALUES ($1, $2)", a.Id, brand));
        try
        {
            await state.WriteStateAsync(work);
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
        return a;
    }
}
