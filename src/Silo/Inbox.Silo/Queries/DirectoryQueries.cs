using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Queries;

public sealed record BrandListItem(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record NumberListItem(string Key, string BrandId, Channel Channel, string Address, string? DisplayNumber, Purpose Purpose, string? DefaultTeamId, string ProviderAccount);

public sealed record AgentListItem(string Id, string Name, string Email, Role Role, IReadOnlyList<string> Teams, string Presence);

public sealed record ApiKeyCaller(string KeyId, string Name, string BrandId, Role Role, bool AllowUrgent = false);

/// <summary>Lists of brands, numbers and agents, and the look-ups authentication needs.</summary>
public sealed class DirectoryQueries(Rows rows)
{
    public Task<List<BrandListItem>> BrandsAsync(Caller caller)
    {
        var sql = new Sql();
        if (!caller.IsOwner) sql.Where(caller.Brands.Count == 0 ? "1 = 0" : $"id IN ({sql.In(caller.Brands.Keys)})");
        return rows.QueryAsync($"SELECT id, name, created_at FROM brands {sql.WhereClause} ORDER BY name, id", sql.Args,
            r => new BrandListItem(r.GetString(0), r.GetString(1), r.TimeOrEpoch(2)));
    }

    public Task<List<NumberListItem>> NumbersAsync(Caller caller, string brandId)
    {
        Visibility.EnsureCanSeeBrand(caller, brandId);
        return rows.QueryAsync(
            "SELECT number_key, brand_id, channel, address, display_number, purpose, default_team_id, provider_account FROM numbers WHERE brand_id = $1 ORDER BY channel, purpose, number_key",
            [brandId], r => new NumberListItem(r.GetString(0), r.GetString(1), ChannelNames.ParseChannel(r.GetString(2)), r.GetString(3), r.Text(4),
                ChannelNames.ParsePurpose(r.GetString(5)), r.Text(6), r.GetString(7)));
    }

    public Task<List<AgentListItem>> AgentsAsync(Caller caller, string brandId)
    {
        Visibility.EnsureCanSeeBrand(caller, brandId);
        return rows.QueryAsync(
            "SELECT a.id, a.name, a.email, m.role, m.teams, a.presence FROM memberships m JOIN agents a ON a.id = m.agent_id WHERE m.brand_id = $1 ORDER BY a.name, a.id",
            [brandId], r => new AgentListItem(r.GetString(0), r.GetString(1), r.GetString(2), Enum.Parse<Role>(r.GetString(3), true),
                r.GetString(4).Split(' ', StringSplitOptions.RemoveEmptyEntries), r.GetString(5)));
    }

    /// <summary>A live key: not revoked and not expired at <paramref name="now"/>. Read from the table on each request, so every node agrees at once.</summary>
    public Task<ApiKeyCaller?> ApiKeyAsync(string key, DateTimeOffset now) => rows.SingleOrDefaultAsync(
        "SELECT id, name, brand_id, role, allow_urgent FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        [ApiKeys.Hash(key), now.ToUnixTimeMilliseconds()], r => new ApiKeyCaller(r.GetString(0), r.GetString(1), r.GetString(2), Enum.Parse<Role>(r.GetString(3), true), r.GetInt64(4) != 0));

    /// <summary>Whether the key with this id still lets its holder in: what a live connection opened with it re-checks.</summary>
    public async Task<bool> ApiKeyLiveAsync(string keyId, DateTimeOffset now) => await rows.SingleOrDefaultAsync(
        "SELECT id FROM api_keys WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        [keyId, now.ToUnixTimeMilliseconds()], r => r.GetString(0)) is not null;

    public Task<List<ApiKeyListItem>> ApiKeysAsync(Caller caller, string brandId)
    {
        Visibility.EnsureCanManageBrand(caller, brandId);
        return rows.QueryAsync(
            "SELECT id, name, role, allow_urgent, created_at, expires_at, revoked_at FROM api_keys WHERE brand_id = $1 ORDER BY created_at DESC, id",
            [brandId], r => new ApiKeyListItem(r.GetString(0), r.GetString(1), Enum.Parse<Role>(r.GetString(2), true), r.GetInt64(3) != 0,
                r.TimeOrEpoch(4), r.Time(5), r.Time(6)));
    }

    /// <summary>Whether the instance has an owner who can sign in (the first run is over).</summary>
    public async Task<bool> HasOwnerAgentAsync() =>
        await rows.ScalarStringAsync("SELECT id FROM agents WHERE is_owner <> 0 LIMIT 1", []) is not null;

    public Task<string?> AgentIdByEmailAsync(string email) =>
        rows.ScalarStringAsync("SELECT id FROM agents WHERE email = $1", [email.Trim().ToLowerInvariant()]);
}
