using Inbox.Silo.Access;
using System.Text.Json.Nodes;
using Inbox.Silo.Agents;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Tests.Accounts;

/// <summary>An agent's sessions: started by the right password, ended one by one or all at once.</summary>
public abstract class AgentSessionsConformance
{
    private const string Password = "correct horse battery";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task APreviousReleasesHashSignsInAndIsStoredAgainInIdentitysFormat()
    {
        await using var first = await Domain.StartAsync(Store);
        var id = Ids.New("agt");
        await first.Grains.GetGrain<IAgentGrain>(id).Create(Caller.Owner(), new NewAgent("Kim", $"kim-{id}@contoso.test", Password));
        await using var domain = await first.RestartAsync();
        var rows = domain.Cluster.Service<Rows>();
        var (key, payload) = await StoredAsync(rows, id);
        payload["passwordHash"] = Passwords.HashLegacy(Password);
        var value = Store == Stores.Postgres ? "$1::jsonb" : "$1";
        Assert.Single(await rows.QueryAsync($"UPDATE grain_state SET payload = {value} WHERE grain_key = $2 RETURNING grain_key", [payload.ToJsonString(), key], r => r.GetString(0)));
        Assert.StartsWith("pbkdf2-sha256$", (await StoredAsync(rows, id)).Payload["passwordHash"]!.GetValue<string>());

        Assert.Equal(SignInStatus.SignedIn, (await domain.Grains.GetGrain<IAgentGrain>(id).SignIn(Password)).Status);

        var rehashed = (await StoredAsync(rows, id)).Payload["passwordHash"]!.GetValue<string>();
        Assert.DoesNotContain("pbkdf2", rehashed);
        Assert.Equal(PasswordCheck.Success, Passwords.Verify(Password, rehashed));
    }

    [StoreFact]
    public async Task ANewPasswordEndsEverySessionButTheOneThatChangedIt()
    {
        await using var domain = await Domain.StartAsync(Store);
        var agent = await AgentAsync(domain);
        var laptop = (await agent.SignIn(Password)).SessionId!;
        var phone = (await agent.SignIn(Password)).SessionId!;

        var fresh = await agent.ChangePassword(Password, "a brand new password");

        Assert.False((await agent.CheckSession(laptop)).Valid);
        Assert.False((await agent.CheckSession(phone)).Valid);
        Assert.True((await agent.CheckSession(fresh)).Valid);
        Assert.Equal(SignInStatus.Failed, (await agent.SignIn(Password)).Status);
        Assert.Equal(SignInStatus.SignedIn, (await agent.SignIn("a brand new password")).Status);
    }

    [StoreFact]
    public async Task DisablingEndsTheSessionsAndRefusesTheRightPasswordUntilEnabled()
    {
        await using var domain = await Domain.StartAsync(Store);
        var agent = await AgentAsync(domain);
        var session = (await agent.SignIn(Password)).SessionId!;

        await agent.SetDisabled(Caller.Owner(), true);

        Assert.False((await agent.CheckSession(session)).Valid);
        Assert.Equal(SignInStatus.Disabled, (await agent.SignIn(Password)).Status);
        Assert.Null(await agent.AsCaller());
        await agent.SetDisabled(Caller.Owner(), false);
        Assert.Equal(SignInStatus.SignedIn, (await agent.SignIn(Password)).Status);
    }

    [StoreFact]
    public async Task AnAdminsResetEndsTheSessionsAndAsksForANewPassword()
    {
        await using var domain = await Domain.StartAsync(Store);
        var agent = await AgentAsync(domain);
        var session = (await agent.SignIn(Password)).SessionId!;
        var (_, admin) = await domain.NewAgentAsync("Ada", Role.Admin);

        await agent.ResetPassword(admin, "reset by the admin");

        Assert.False((await agent.CheckSession(session)).Valid);
        var signedIn = await agent.SignIn("reset by the admin");
        Assert.True(signedIn.MustChangePassword);
        await agent.ChangePassword("reset by the admin", "chosen by the agent");
        Assert.False((await agent.SignIn("chosen by the agent")).MustChangePassword);
    }

    [StoreFact]
    public async Task AnAgentWithoutTheAdminRoleCannotResetAnother()
    {
        await using var domain = await Domain.StartAsync(Store);
        var agent = await AgentAsync(domain);
        var (_, supervisor) = await domain.NewAgentAsync("Sue", Role.Supervisor);

        var refused = await Assert.ThrowsAsync<DomainException>(() => agent.ResetPassword(supervisor, "reset by the admin"));

        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
    }

    private static async Task<(string Key, JsonObject Payload)> StoredAsync(Rows rows, string agentId)
    {
        var (key, payload) = (await rows.QueryAsync("SELECT grain_key, payload FROM grain_state WHERE state_name = 'agent' AND grain_key LIKE $1",
            ["%" + agentId], r => (r.GetString(0), r.GetString(1)))).Single();
        return (key, JsonNode.Parse(payload)!.AsObject());
    }

    private static async Task<IAgentGrain> AgentAsync(Domain domain)
    {
        var id = Ids.New("agt");
        var agent = domain.Grains.GetGrain<IAgentGrain>(id);
        await agent.Create(Caller.Owner(), new NewAgent("Kim", $"kim-{id}@contoso.test", Password));
        await agent.SetMembership(Caller.Owner(), domain.BrandId, Role.Agent, [domain.TeamId]);
        return agent;
    }
}

public sealed class SqliteAgentSessions : AgentSessionsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresAgentSessions : AgentSessionsConformance
{
    protected override string Store => Stores.Postgres;
}
