
namespace Inbox.Silo.Outbound;

/// <summary>The sender of one number (keyed like it): drains its outbox at the provider's pace.</summary>
[Alias("Inbox.Silo.Outbound.IOutboxGrain")]
public interface IOutboxGrain : IGrainWithStringKey
{
    /// <summary>Asks for a drain pass; returns at once.</summary>
    [AlwaysInterleave]
    [Alias("Wake")]
    Task Wake();

    /// <summary>Waits for the drain pass under way, if any (tests and shutdown use it).</summary>
    [AlwaysInterleave]
    [Alias("Idle")]
    Task Idle();
}
