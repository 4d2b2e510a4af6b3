using Inbox.Actors;
using Inbox.Silo.Access;
using Inbox.Silo.Events;

namespace Inbox.Silo.Agents;

public interface IAgentGrain : IGrainWithStringKey
{
    Task<AgentView> Create(Caller caller, NewAgent agent);

    [ReadOnly]
    Task<AgentView?> Get();

    /// <summary>The agent as a <see cref="Caller"/>: their rights in every brand they belong to.</summary>
    [ReadOnly]
    Task<Caller?> AsCaller();

    [ReadOnly]
    Task<bool> CheckPassword(string password);

    Task<AgentView> SetMembership(Caller caller, string brandId, Role role, IReadOnlyList<string> teams);

    Task<AgentView> RemoveMembership(Caller caller, string brandId);

    Task SetPresence(Presence presence);
}

public sealed record NewAgent(string Name, string Email, string? Password = null, bool IsOwner = false);

public sealed record AgentView(string Id, string Name, string Email, bool IsOwner, Presence Presence, IReadOnlyDictionary<string, BrandAccess> Brands);
