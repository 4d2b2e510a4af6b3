using Inbox.Silo.Access;
using Inbox.Silo.Channels;

namespace Inbox.Silo.Compliance;

/// <summary>
/// Who may send a message urgent. Urgent skips quiet hours, which protect people's nights, so it is
/// kept to what cannot wait (an alert that starts contact, from an alerts number) and to a sender an
/// admin answered for (an API key created with <c>allowUrgent</c>); never marketing, support or a person at a screen.
/// </summary>
public static class UrgentSends
{
    /// <summary>Why this urgent send is refused; null when it may go. A missing reason is malformed input, whoever sends it.</summary>
    public static DomainException? Refusal(Caller caller, bool startsContact, Purpose? purpose, Purpose numberPurpose, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return Refuse.Invalid("missing_urgent_reason", "An urgent message needs a reason (urgentReason); it is kept in the audit trail.", "urgentReason");
        if (!startsContact)
            return NotAllowed("Only an alert that starts contact (POST /messages) may be urgent; a reply waits for quiet hours like any other.");
        if (purpose != Purpose.Alerts)
            return NotAllowed($"Only alerts may be urgent; {purpose?.Wire() ?? "this"} messages wait for quiet hours to end.");
        if (numberPurpose != Purpose.Alerts)
            return NotAllowed($"Urgent alerts go only from an alerts number; this is {numberPurpose.NumberPhrase()}.");
        if (caller.IsOwner || caller.AgentId is not null)
            return NotAllowed("Urgent alerts are sent only through a brand API key that an admin allowed to send them (allowUrgent), not by a person or the owner key.");
        if (!caller.AllowUrgent)
            return NotAllowed($"The {caller.Name} is not allowed to send urgent alerts; an admin creates a key with allowUrgent for that.");
        return null;
    }

    private static DomainException NotAllowed(string reason) => Refuse.Rule("urgent_not_allowed", reason);
}
