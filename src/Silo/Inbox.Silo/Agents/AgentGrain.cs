using System.Security.Cryptography;
using Inbox.Actors;
using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Events;

namespace Inbox.Silo.Agents;

public sealed class AgentState
{
    public int Format { get; set; } = 1;

    public string? Name { get; set; }

    public string Email { get; set; } = "";

    public string? PasswordHash { get; set; }

    public bool IsOwner { get; set; }

    public Presence Presence { get; set; }

    public Dictionary<string, BrandAccess> Brands { get; set; } = [];
}

public sealed class AgentGrain([PersistentState("agent")] IPersistentState<AgentState> state, TimeProvider time, InboxEvents events)
    : Grain, IAgentGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<AgentView> Create(Caller caller, NewAgent agent)
    {
        if (!caller.IsOwner && !caller.Brands.Values.Any(b => b.Role == Role.Admin))
            throw Refuse.Forbidden("Adding agents takes the owner or a brand admin.");
        if (agent.IsOwner && !caller.IsOwner) throw Refuse.Forbidden("Only the owner makes owners.");
        if (state.State.Name is not null) throw Refuse.Conflict("agent_exists", $"Agent '{Id}' exists already.");
        var email = Names.Required(agent.Email, "email").ToLowerInvariant();
        if (!email.Contains('@')) throw Refuse.Invalid("bad_email", $"'{email}' is not an email address.", "email");
        state.State.Name = Names.Required(agent.Name, "name");
        state.State.Email = email;
        state.State.IsOwner = agent.IsOwner;
        state.State.PasswordHash = agent.Password is { Length: > 0 } password ? Passwords.Hash(password) : null;
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "INSERT INTO agents (id, name, email, is_owner, presence, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            Id, state.State.Name, email, SqlValue.Of(agent.IsOwner), "offline", time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            ExpectedRows = 1,
            Unexpected = () => Refuse.Conflict("email_taken", $"An agent with the email {email} exists already."),
        }));
        return View();
    }

    public Task<AgentView?> Get() => Task.FromResult(state.State.Name is null ? null : View());

    public Task<Caller?> AsCaller() => Task.FromResult(state.State.Name is null
        ? null
        : new Caller(state.State.Name, Id, state.State.IsOwner, new Dictionary<string, BrandAccess>(state.State.Brands)));

    public Task<bool> CheckPassword(string password) =>
        Task.FromResult(state.State.PasswordHash is { } hash && Passwords.Verify(password, hash));

    public async Task<AgentView> SetMembership(Caller caller, string brandId, Role role, IReadOnlyList<string> teams)
    {
        EnsureExists();
        Visibility.EnsureCanManageBrand(caller, brandId);
        var brand = await GrainFactory.GetGrain<IBrandGrain>(brandId).Get() ?? throw Refuse.NotFound("brand", brandId);
        var unknown = teams.Where(t => brand.Teams.All(b => b.Id != t)).ToArray();
        if (unknown.Length > 0) throw Refuse.Invalid("unknown_team", $"Brand '{brand.Name}' has no team {string.Join(", ", unknown)}.", "teams");
        state.State.Brands[brandId] = new BrandAccess(role, teams.Distinct().ToArray());
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            """
            INSERT INTO memberships (agent_id, brand_id, role, teams) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agent_id, brand_id) DO UPDATE SET role = excluded.role, teams = excluded.teams
            """,
            Id, brandId, role.ToString().ToLowerInvariant(), string.Join(' ', teams.Distinct()))));
        return View();
    }

    public async Task<AgentView> RemoveMembership(Caller caller, string brandId)
    {
        EnsureExists();
        Visibility.EnsureCanManageBrand(caller, brandId);
        if (state.State.Brands.Remove(brandId))
            await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite("DELETE FROM memberships WHERE agent_id = $1 AND brand_id = $2", Id, brandId)));
        return View();
    }

    public async Task SetPresence(Presence presence)
    {
        EnsureExists();
        if (state.State.Presence == presence) return;
        state.State.Presence = presence;
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "UPDATE agents SET presence = $2 WHERE id = $1", Id, presence.ToString().ToLowerInvariant())));
        foreach (var brandId in state.State.Brands.Keys) events.Publish(new AgentPresenceChanged(brandId, Id, state.State.Name!, presence));
    }

    private void EnsureExists()
    {
        if (state.State.Name is null) throw Refuse.NotFound("agent", Id);
    }

    private AgentView View() => new(Id, state.State.Name!, state.State.Email, state.State.IsOwner, state.State.Presence,
        new Dictionary<string, BrandAccess>(state.State.Brands));
}

public static class Passwords
{
    private const int Iterations = 100_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256") return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
