using Inbox.Silo.Access;
using Inbox.Silo.Agents;

namespace Inbox.Silo.Tests.Accounts;

/// <summary>Who may reset, disable and enable an agent: the owner, or an admin of one of the agent's brands, never for an owner.</summary>
public sealed class AgentManagementTests
{
    private static AgentState Agent(bool isOwner = false) => new()
    {
        Name = "Kim", IsOwner = isOwner, Brands = { ["brd_a"] = new BrandAccess(Role.Agent, []) },
    };

    private static Caller In(string brand, Role role) => new("someone", "agt_other", false, new Dictionary<string, BrandAccess> { [brand] = new(role, []) });

    [Fact]
    public void TheOwnerAndAnAdminOfTheAgentsBrandMayManageThem()
    {
        Agent().EnsureCanBeManagedBy(Caller.Owner(), "agt_kim");
        Agent().EnsureCanBeManagedBy(In("brd_a", Role.Admin), "agt_kim");
    }

    [Fact]
    public void ASupervisorOfTheBrandIsForbidden() =>
        Assert.Equal(DomainErrorKind.Forbidden, Assert.Throws<DomainException>(() => Agent().EnsureCanBeManagedBy(In("brd_a", Role.Supervisor), "agt_kim")).Kind);

    [Fact]
    public void AnAdminOfAnotherBrandDoesNotSeeTheAgent() =>
        Assert.Equal(DomainErrorKind.NotFound, Assert.Throws<DomainException>(() => Agent().EnsureCanBeManagedBy(In("brd_b", Role.Admin), "agt_kim")).Kind);

    [Fact]
    public void NoBrandAdminManagesAnOwner() =>
        Assert.Equal(DomainErrorKind.Forbidden, Assert.Throws<DomainException>(() => Agent(isOwner: true).EnsureCanBeManagedBy(In("brd_a", Role.Admin), "agt_kim")).Kind);

    [Fact]
    public void SigningInOnMoreDevicesThanKeptEndsTheOldestSession()
    {
        var agent = Agent();
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var first = agent.StartSession(start);
        for (var i = 1; i <= AgentState.MaxSessions; i++) agent.StartSession(start.AddMinutes(i));

        Assert.Equal(AgentState.MaxSessions, agent.Sessions.Count);
        Assert.DoesNotContain(first, agent.Sessions.Keys);
    }
}
