namespace Inbox.Silo.Access;

/// <summary>
/// The one policy for who sees and does what, used by the API, the hub and the UI alike.
/// An agent sees the conversations of their teams and those assigned to them; a supervisor and
/// a brand admin see all of their brand's; the owner sees all brands.
/// </summary>
public static class Visibility
{
    public static bool CanSeeBrand(Caller caller, string brandId) => caller.IsOwner || caller.In(brandId) is not null;

    public static bool CanSeeConversation(Caller caller, string brandId, string? teamId, string? assigneeId)
    {
        if (caller.IsOwner) return true;
        var access = caller.In(brandId);
        if (access is null) return false;
        if (access.Role is Role.Supervisor or Role.Admin) return true;
        return (assigneeId is not null && assigneeId == caller.AgentId) || (teamId is not null && access.Teams.Contains(teamId));
    }

    /// <summary>An agent is seen by the owner, by themselves, and by anyone who sees one of their brands.</summary>
    public static bool CanSeeAgent(Caller caller, string agentId, IEnumerable<string> agentBrands) =>
        caller.IsOwner || caller.AgentId == agentId || agentBrands.Any(b => CanSeeBrand(caller, b));

    /// <summary>Assigning to someone else and reassigning take a supervisor; an agent may take or drop their own.</summary>
    public static bool CanAssign(Caller caller, string brandId, string? currentAssignee, string? newAssignee)
    {
        if (caller.IsOwner) return true;
        var access = caller.In(brandId);
        if (access is null) return false;
        if (access.Role is Role.Supervisor or Role.Admin) return true;
        return caller.AgentId is not null
            && (newAssignee == caller.AgentId && currentAssignee is null || newAssignee is null && currentAssignee == caller.AgentId);
    }

    /// <summary>Who sees all of a brand's conversations and contacts: the owner, its supervisors and admins, its keys.</summary>
    public static bool SeesWholeBrand(Caller caller, string brandId) => caller.IsOwner || caller.In(brandId)?.Role is Role.Supervisor or Role.Admin;

    /// <summary>Moving a conversation to another team takes a supervisor: an agent could otherwise send work to any team, or out of their own sight.</summary>
    public static bool CanMoveTeams(Caller caller, string brandId) => SeesWholeBrand(caller, brandId);

    public static bool CanManageBrand(Caller caller, string brandId) => caller.IsOwner || caller.In(brandId)?.Role == Role.Admin;

    public static void EnsureCanSeeBrand(Caller caller, string brandId)
    {
        if (!CanSeeBrand(caller, brandId)) throw Refuse.NotFound("brand", brandId);
    }

    public static void EnsureCanManageBrand(Caller caller, string brandId)
    {
        EnsureCanSeeBrand(caller, brandId);
        if (!CanManageBrand(caller, brandId)) throw Refuse.Forbidden("Managing a brand takes its admin role.");
    }

    /// <summary>The brands whose rows a list may contain, and whether the caller is limited to teams and assignments there.</summary>
    public static ListScope ScopeOf(Caller caller) => caller.IsOwner
        ? new ListScope(null, [])
        : new ListScope(caller.Brands.Keys.ToArray(),
            caller.Brands.Where(b => b.Value.Role == Role.Agent).Select(b => new TeamScope(b.Key, b.Value.Teams, caller.AgentId)).ToArray());
}

/// <summary>Null brands means every brand; a brand listed in <see cref="TeamLimited"/> shows only those teams' and the agent's rows.</summary>
public sealed record ListScope(IReadOnlyList<string>? Brands, IReadOnlyList<TeamScope> TeamLimited);

public sealed record TeamScope(string BrandId, IReadOnlyList<string> Teams, string? AgentId);
