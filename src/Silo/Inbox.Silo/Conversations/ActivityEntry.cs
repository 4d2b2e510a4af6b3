using System.Text.Json.Serialization;

namespace Inbox.Silo.Conversations;

[JsonConverter(typeof(WireEnum<ActivityAction>))]
public enum ActivityAction
{
    Assigned,
    Unassigned,
    Moved,
    Pending,
    Snoozed,
    Resolved,
    Reopened,
}

/// <summary>
/// One thing someone did to a thread, kept in the thread (never sent): so supervisors and agents see
/// why a thread moved. <see cref="ActorId"/> is the agent's id, or null for a key, the owner or the system.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Conversations.ActivityEntry")]
public sealed record ActivityEntry(
    ActivityAction Action, string? ActorId, string? ActorName, string? AssigneeId = null, string? FromTeamId = null, string? ToTeamId = null,
    DateTimeOffset? SnoozedUntil = null);
