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

    /// <summary>Checks the password (rehashing an outdated hash) and, when right and the agent is enabled, starts a session.</summary>
    Task<SignInResult> SignIn(string password);

    /// <summary>Whether a cookie's session is still live: the agent exists, is enabled and has not ended it.</summary>
    [ReadOnly]
    Task<SessionCheck> CheckSession(string sessionId);

    Task EndSession(string sessionId);

    /// <summary>"Sign out everywhere": every session of the agent ends.</summary>
    Task EndAllSessions();

    /// <summary>The agent's own change: needs the current password, ends every session and returns a new one for the caller.</summary>
    Task<string> ChangePassword(string current, string next);

    /// <summary>An admin sets a password the agent must change at their next sign-in; every session ends.</summary>
    Task ResetPassword(Caller caller, string password);

    Task<AgentView> SetDisabled(Caller caller, bool disabled);

    Task<AgentView> SetMembership(Caller caller, string brandId, Role role, IReadOnlyList<string> teams);

    Task<AgentView> RemoveMembership(Caller caller, string brandId);

    Task SetPresence(Presence presence);
}

public sealed record NewAgent(string Name, string Email, string? Password = null, bool IsOwner = false);

public sealed record AgentView(string Id, string Name, string Email, bool IsOwner, Presence Presence, IReadOnlyDictionary<string, BrandAccess> Brands,
    bool Disabled = false, bool MustChangePassword = false);

public enum SignInStatus
{
    Failed,
    Disabled,
    SignedIn,
}

public sealed record SignInResult(SignInStatus Status, string? SessionId = null, bool MustChangePassword = false);

public sealed record SessionCheck(bool Valid, bool MustChangePassword);
