using System.Security.Cryptography;
using System.Text;
using Inbox.Silo.Access;

namespace Inbox.Silo.Brands;

public sealed class BrandState
{
    public int Format { get; set; } = 1;

    public string? Name { get; set; }

    public List<TeamView> Teams { get; set; } = [];

    public BrandSettings Settings { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
}

[GrainType("Brand")]
public sealed class BrandGrain([PersistentState("brand")] IPersistentState<BrandState> state, AppClock time) : Grain, IBrandGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<BrandView> Create(Caller caller, string name)
    {
        if (!caller.IsOwner) throw Refuse.Forbidden("Only the instance owner creates brands.");
        if (state.State.Name is not null) throw Refuse.Conflict("brand_exists", $"Brand '{Id}' exists already.");
        state.State.Name = Names.Required(name, "name");
        state.State.CreatedAt = time.GetUtcNow();
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "INSERT INTO brands (id, name, created_at) VALUES ($1, $2, $3)", Id, state.State.Name, state.State.CreatedAt.ToUnixTimeMilliseconds())));
        return View();
    }

    public Task<BrandView?> Get() => Task.FromResult(state.State.Name is null ? null : View());

    public async Task<TeamView> AddTeam(Caller caller, string name)
    {
        EnsureExists(caller);
        Visibility.EnsureCanManageBrand(caller, Id);
        name = Names.Required(name, "name");
        if (state.State.Teams.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw Refuse.Conflict("team_exists", $"Brand '{state.State.Name}' has a team called '{name}' already.");
        var team = new TeamView(Ids.New("team"), name);
        state.State.Teams.Add(team);
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite("INSERT INTO teams (brand_id, id, name) VALUES ($1, $2, $3)", Id, team.Id, team.Name)));
        return team;
    }

    public async Task<BrandView> UpdateSettings(Caller caller, BrandSettings settings)
    {
        EnsureExists(caller);
        Visibility.EnsureCanManageBrand(caller, Id);
        if (settings.QuietHours is null) throw Refuse.Invalid("missing_quietHours", "Give quietHours (from and until), or leave the field out for 08:00–21:00.", "quietHours");
        if (string.IsNullOrWhiteSpace(settings.DefaultTimeZone))
            throw Refuse.Invalid("missing_defaultTimeZone", "Give defaultTimeZone as an IANA name such as America/New_York.", "defaultTimeZone");
        try
        {
            Contacts.TimeZones.Validate(settings.DefaultTimeZone);
        }
        catch (DomainException bad)
        {
            throw bad.For("defaultTimeZone");
        }
        if (settings.RecentContact < TimeSpan.Zero) throw Refuse.Invalid("bad_recent_contact", "recentContact cannot be negative.", "recentContact");
        state.State.Settings = settings;
        await state.WriteStateAsync();
        return View();
    }

    public async Task<CreatedApiKey> CreateApiKey(Caller caller, string name, Role role, bool allowUrgent = false, DateTimeOffset? expiresAt = null)
    {
        EnsureExists(caller);
        Visibility.EnsureCanManageBrand(caller, Id);
        if (role == Role.Agent) throw Refuse.Invalid("bad_role", "An API key acts for the brand: give it the supervisor or admin role.", "role");
        if (expiresAt <= time.GetUtcNow()) throw Refuse.Invalid("bad_expiresAt", "expiresAt is a time in the future (or leave it out for a key that does not expire).", "expiresAt");
        var key = new CreatedApiKey(Ids.New("key"), Names.Required(name, "name"), role, "ibx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), allowUrgent, expiresAt);
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "INSERT INTO api_keys (id, key_hash, brand_id, role, name, created_at, allow_urgent, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            key.Id, ApiKeys.Hash(key.Key), Id, role.ToString().ToLowerInvariant(), key.Name, time.GetUtcNow().ToUnixTimeMilliseconds(), allowUrgent ? 1 : 0,
            SqlValue.Of(expiresAt))));
        return key;
    }

    public async Task RevokeApiKey(Caller caller, string keyId)
    {
        EnsureExists(caller);
        Visibility.EnsureCanManageBrand(caller, Id);
        // Keys are checked against the table on every request, so the revocation holds on every node at once.
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND brand_id = $2 AND revoked_at IS NULL", keyId, Id, time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            ExpectedRows = 1,
            Unexpected = () => Refuse.NotFound("api_key", keyId),
        }));
    }

    private void EnsureExists(Caller caller)
    {
        if (state.State.Name is null || !Visibility.CanSeeBrand(caller, Id)) throw Refuse.NotFound("brand", Id);
    }

    private BrandView View() => new(Id, state.State.Name!, state.State.Teams.ToArray(), state.State.Settings, state.State.CreatedAt);
}

public static class ApiKeys
{
    /// <summary>Keys are random, so a plain SHA-256 is enough to keep them useless if the table leaks.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

public static class Names
{
    public static string Required(string? value, string field, int max = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw Refuse.Invalid("missing_" + field, $"A {field} is required.", field);
        if (trimmed.Length > max) throw Refuse.Invalid("long_" + field, $"The {field} is longer than {max} characters.", field);
        return trimmed;
    }
}
