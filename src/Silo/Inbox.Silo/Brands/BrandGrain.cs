using System.Security.Cryptography;
using System.Text;
using Inbox.Actors;
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

public sealed class BrandGrain([PersistentState("brand")] IPersistentState<BrandState> state, TimeProvider time) : Grain, IBrandGrain
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

    public async Task<CreatedApiKey> CreateApiKey(Caller caller, string name, Role role, bool allowUrgent = false)
    {
        EnsureExists(caller);
        Visibility.EnsureCanManageBrand(caller, Id);
        if (role == Role.Agent) throw Refuse.Invalid("bad_role", "An API key acts for the brand: give it the supervisor or admin role.", "role");
        var key = new CreatedApiKey(Ids.New("key"), Names.Required(name, "name"), role, "ibx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), allowUrgent);
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "INSERT INTO api_keys (id, key_hash, brand_id, role, name, created_at, allow_urgent) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            key.Id, ApiKeys.Hash(key.Key), Id, role.ToString().ToLowerInvariant(), key.Name, time.GetUtcNow().ToUnixTimeMilliseconds(), allowUrgent ? 1 : 0)));
        return key;
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
