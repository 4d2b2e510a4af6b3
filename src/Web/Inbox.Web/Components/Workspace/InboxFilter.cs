using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;

namespace Inbox.Web.Components.Workspace;

public enum InboxScope
{
    /// <summary>Everything the caller may see.</summary>
    All,

    /// <summary>Assigned to the caller.</summary>
    Mine,

    Unassigned,

    /// <summary>One of the caller's teams (<see cref="InboxFilter.TeamId"/>).</summary>
    Team,
}

/// <summary>What the agent chose to see; <see cref="For"/> makes it the list's own filter, which the live view watches too.</summary>
public sealed record InboxFilter(
    InboxScope Scope = InboxScope.All, string? TeamId = null, Channel? Channel = null, ConversationStatus? Status = ConversationStatus.Open,
    string? BrandId = null, string? NumberKey = null)
{
    public ConversationFilter For(string? agentId) => new(
        BrandId, Status, Channel, NumberKey,
        AssigneeId: Scope == InboxScope.Mine ? agentId ?? "" : null,
        TeamId: Scope == InboxScope.Team ? TeamId : null,
        Unassigned: Scope == InboxScope.Unassigned);
}
