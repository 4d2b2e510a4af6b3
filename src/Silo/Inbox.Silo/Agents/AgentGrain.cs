using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Events;

namespace Inbox.Silo.Agents;

[GrainType("Agent")]
public sealed class AgentGrain([PersistentState("agent")] IPersistentState<AgentState> state, AppClock time, InboxEvents events)
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
        state.State.PasswordHash = agent.Password is { } password ? Passwords.Hash(Passwords.EnsureAcceptable(password, "password")) : null;
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

    public Task<Caller?> AsCaller() => Task.FromResult(state.State.Name is null || state.State.Disabled
        ? null
        : new Caller(state.State.Name, Id, state.State.IsOwner, new Dictionary<string, BrandAccess>(state.State.Brands)));

    public async Task<SignInResult> SignIn(string password)
    {
        if (state.State.Name is null || state.State.PasswordHash is not { } hash)
        {
            Passwords.VerifyNobody(password);
            return new(SignInStatus.Failed);
        }
        var check = Passwords.Verify(password, hash);
        if (check == PasswordCheck.Failed) return new(SignInStatus.Failed);
        if (state.State.Disabled) return new(SignInStatus.Disabled);
        if (check == PasswordCheck.SuccessRehashNeeded) state.State.PasswordHash = Passwords.Hash(password);
        var session = state.State.StartSession(time.GetUtcNow());
        await state.WriteStateAsync();
        return new(SignInStatus.SignedIn, session, state.State.MustChangePassword);
    }

    public Task<SessionCheck> CheckSession(string sessionId) => Task.FromResult(new SessionCheck(
        state.State.Name is not null && !state.State.Disabled && state.State.Sessions.ContainsKey(sessionId), state.State.MustChangePassword));

    public async Task EndSession(string sessionId)
    {
        if (state.State.Sessions.Remove(sessionId)) await state.WriteStateAsync();
    }

    public async Task EndAllSessions()
    {
        EnsureExists();
        state.State.Sessions.Clear();
        await state.WriteStateAsync();
    }

    public async Task<string> ChangePassword(string current, string next)
    {
        EnsureExists();
        if (state.State.PasswordHash is not { } hash || Passwords.Verify(current, hash) == PasswordCheck.Failed)
            throw Refuse.Rule("wrong_password", "The current password is wrong.");
        if (next == current) throw Refuse.Invalid("same_password", "Choose a password other than the current one.", "newPassword");
        state.State.PasswordHash = Passwords.Hash(Passwords.EnsureAcceptable(next, "newPassword"));
        state.State.MustChangePassword = false;
        // A new password ends every session, the one that changed it included; that one gets a fresh session back.
        state.State.Sessions.Clear();
        var session = state.State.StartSession(time.GetUtcNow());
        await state.WriteStateAsync();
        return session;
    }

    public async Task ResetPassword(Caller caller, string password)
    {
        EnsureCanManage(caller);
        state.State.PasswordHash = Passwords.Hash(Passwords.EnsureAcceptable(password, "password"));
        state.State.MustChangePassword = true;
        state.State.Sessions.Clear();
        await state.WriteStateAsync();
    }

    public async Task<AgentView> SetDisabled(Caller caller, bool disabled)
    {
        EnsureCanManage(caller);
        if (disabled && caller.AgentId == Id) throw Refuse.Rule("cannot_disable_self", "An agent cannot disable themselves.");
        state.State.Disabled = disabled;
        if (disabled) state.State.Sessions.Clear();
        await state.WriteStateAsync();
        if (disabled) foreach (var brandId in state.State.Brands.Keys) events.Publish(new AgentAccessChanged(brandId, Id));
        return View();
    }

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
        events.Publish(new AgentAccessChanged(brandId, Id));
        return View();
    }

    public async Task<AgentView> RemoveMembership(Caller caller, string brandId)
    {
        EnsureExists();
        Visibility.EnsureCanManageBrand(caller, brandId);
        if (state.State.Brands.Remove(brandId))
        {
            await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite("DELETE FROM memberships WHERE agent_id = $1 AND brand_id = $2", Id, brandId)));
            events.Publish(new AgentAccessChanged(brandId, Id));
        }
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

    private void EnsureCanManage(Caller caller)
    {
        if (state.State.Name is null) throw Refuse.NotFound("agent", Id);
        state.State.EnsureCanBeManagedBy(caller, Id);
    }

    private void EnsureExists()
    {
        if (state.State.Name is null) throw Refuse.NotFound("agent", Id);
    }

    private AgentView View() => new(Id, state.State.Name!, state.State.Email, state.State.IsOwner, state.State.Presence,
        new Dictionary<string, BrandAccess>(state.State.Brands), state.State.Disabled, state.State.MustChangePassword);
}
