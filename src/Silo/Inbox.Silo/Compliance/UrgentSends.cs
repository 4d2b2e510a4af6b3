using Inbox.Silo.Access;
using Inbox.Silo.Channels;

namespace Inbox.Silo.Compliance;

/// <summary>Who may send a message urgent, through quiet hours.</summary>
public static class UrgentSends
{
    /// <summary>Why this urgent send is refused; null when it may go.</summary>
    public static DomainException? Refusal(Caller caller, bool startsContact, Purpose? purpose, Purpose numberPurpose, string? reason) => null;
}
