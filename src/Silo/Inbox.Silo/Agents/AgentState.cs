using System.Security.Cryptography;
using Inbox.Silo.Access;
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

    /// <summary>A disabled agent cannot sign in and their sessions are over; their history stays.</summary>
    public bool Disabled { get; set; }

    /// <summary>Set by an admin's reset: until the agent chooses a password, the API lets them do only that.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// The agent's live sessions, by id, with when each began. Every request's cookie names one; a cookie
    /// whose session is not here is refused. Emptying it (a new password, disabling, "sign out everywhere")
    /// is the security stamp's change: every cookie issued before stops working on every node.
    /// </summary>
    public Dictionary<string, long> Sessions { get; set; } = [];

    /// <summary>Sessions kept per agent; signing in on more devices than this ends the oldest.</summary>
    public const int MaxSessions = 20;

    public string StartSession(DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Sessions[id] = now.ToUnixTimeMilliseconds();
        foreach (var oldest in Sessions.OrderByDescending(s => s.Value).Skip(MaxSessions).Select(s => s.Key).ToArray()) Sessions.Remove(oldest);
        return id;
    }

    /// <summary>The owner manages every agent; a brand admin those of their brands who are not owners. Others do not see the agent at all.</summary>
    public void EnsureCanBeManagedBy(Caller caller, string agentId)
    {
        if (!Visibility.CanSeeAgent(caller, agentId, Brands.Keys)) throw Refuse.NotFound("agent", agentId);
        if (caller.IsOwner) return;
        if (IsOwner || !Brands.Keys.Any(b => Visibility.CanManageBrand(caller, b)))
            throw Refuse.Forbidden("Managing an agent takes the admin role in one of their brands.");
    }
}
