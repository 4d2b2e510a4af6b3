using Inbox.Silo.Access;
using Inbox.Silo.Events;

namespace Inbox.Silo.Agents;

[Alias("Inbox.Silo.Agents.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<AgentView> Create(Caller caller, NewAgent agent);

    [ReadOnly]
    [Alias("Get")]
    Task<AgentView?> Get();

    /// <summary>The agent as a <see cref="Caller"/>: their rights in every brand they belong to.</summary>
    [ReadOnly]
    [Alias("AsCaller")]
    Task<Caller?> AsCaller();

    /// <summary>Checks the password (rehashing an outdated hash) and, when right and the agent is enabled, starts a session.</summary>
    [Alias("SignIn")]
    Task<SignInResult> SignIn(string password);

    /// <summary>Whether a cookie's session is still live: the agent exists, is enabled and has not ended it.</summary>
    [ReadOnly]
    [Alias("CheckSession")]
    Task<SessionCheck> CheckSession(string sessionId);

    [Alias("EndSession")]
    Task EndSession(string sessionId);

    /// <summary>"Sign out everywhere": every session of the agent ends.</summary>
    [Alias("EndAllSessions")]
    Task EndAllSessions();

    /// <summary>The agent's own change: needs the current password, ends every session and returns a new one for the caller.</summary>
    [Alias("ChangePassword")]
    Task<string> ChangePassword(string current, string next);

    /// <summary>An admin sets a password the agent must change at their next sign-in; every session ends.</summary>
    [Alias("ResetPassword")]
    Task ResetPassword(Caller caller, string password);

    [Alias("SetDisabled")]
    Task<AgentView> SetDisabled(Caller caller, bool disabled);

    [Alias("SetMembership")]
    Task<AgentView> SetMembership(Caller caller, string brandId, Role role, IReadOnlyList<string> teams);

    [Alias("RemoveMembership")]
    Task<AgentView> RemoveMembership(Caller caller, string brandId);

    [Alias("SetPresence")]
    Task SetPresence(Presence presence);
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Agents.NewAgent")]
public sealed record NewAgent(string Name, string Email, string? Password = null, bool IsOwner = false);

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Agents.AgentView")]
public sealed record AgentView(string Id, string Name, string Email, bool IsOwner, Presence Presence, IReadOnlyDictionary<string, BrandAccess> Brands,
    bool Disabled = false, bool MustChangePassword = false);

public enum SignInStatus
{
    Failed,
    Disabled,
    SignedIn,
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Agents.SignInResult")]
public sealed record SignInResult(SignInStatus Status, string? SessionId = null, bool MustChangePassword = false);

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Agents.SessionCheck")]
public sealed record SessionCheck(bool Valid, bool MustChangePassword);
