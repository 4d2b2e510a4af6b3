using Inbox.Silo.Events;

namespace Inbox.Silo.Conversations;

/// <summary>
/// What a conversation uses of its silo, as one shared object: every activation keeps one reference to it
/// rather than six (a conversation's activation is counted in bytes; see docs/performance.md).
/// </summary>
public sealed class ConversationServices(DurableJobs jobs, StateStore store, InboxEvents events, Storage.Rows rows, AppClock clock, RecentKeys recentKeys,
    Outbound.ReadReceipts readReceipts, Media.UploadedMedia uploads)
{
    public DurableJobs Jobs { get; } = jobs;

    public StateStore Store { get; } = store;

    public InboxEvents Events { get; } = events;

    public Storage.Rows Rows { get; } = rows;

    public AppClock Clock { get; } = clock;

    public RecentKeys RecentKeys { get; } = recentKeys;

    public Outbound.ReadReceipts ReadReceipts { get; } = readReceipts;

    public Media.UploadedMedia Uploads { get; } = uploads;
}
