using Inbox.Silo.Events;

namespace Inbox.Silo.Conversations;

/// <summary>
/// How a conversation's events get their sequence: each is numbered from the state before the commit that
/// carries its change, so the number is stored with it (and survives reactivation), and published only once
/// that commit succeeded. Every event about the conversation goes out from here, in the grain's turn order.
/// </summary>
public sealed partial class ConversationGrain
{
    // The events of the change under way: numbered before its commit, published after it, forgotten if it fails.
    // Null between changes, so an idle activation keeps no list.
    private List<ConversationEvent>? _announced;

    public async Task AnnounceDelivery(DeliveryChange change)
    {
        if (!S.Exists) return;
        var row = S.Row(Id);
        Announce(new MessageStatusChanged(row.BrandId, row.TeamId, row.AssigneeId, Id, change.MessageId, change.Status, change.ErrorCode, change.ErrorReason));
        await CommitAndPublishAsync(new UnitOfWork());
    }

    /// <summary>Commits the list row with the unit's writes, then publishes the activity entries it carries and the row.</summary>
    private async Task<ConversationRow> CommitRowAsync(UnitOfWork work, params MessageView[] entries)
    {
        var row = S.Row(Id);
        foreach (var entry in entries) Announce(new MessageAdded(row.BrandId, row.TeamId, row.AssigneeId, Id, entry));
        Announce(new ConversationUpdated(row.BrandId, row.TeamId, row));
        await CommitAndPublishAsync(work.Add(MessageRows.Upsert(row, S.CreatedAt)));
        return row;
    }

    /// <summary>Commits the unit with the state, and with it the sequence numbers of the events announced for it; then publishes them.</summary>
    private async Task CommitAndPublishAsync(UnitOfWork work)
    {
        try
        {
            await state.WriteStateAsync(work);
        }
        catch
        {
            await ForgetAsync();
            throw;
        }
        PublishAnnounced();
    }

    /// <summary>A message's event and the list row's, numbered now (before the commit); published once it commits.</summary>
    private void Announce(MessageView message)
    {
        var row = S.Row(Id);
        Announce(new MessageAdded(row.BrandId, row.TeamId, row.AssigneeId, Id, message));
        Announce(new ConversationUpdated(row.BrandId, row.TeamId, row));
    }

    private void Announce(ConversationEvent @event) => (_announced ??= []).Add(@event with { Sequence = S.TakeEventSequence() });

    private void PublishAnnounced()
    {
        var announced = _announced;
        _announced = null;
        foreach (var @event in announced ?? []) silo.Events.Publish(@event);
    }

    /// <summary>A unit that did not commit: its events are never published, and the stored state (with the last sequence it kept) comes back.</summary>
    private async Task ForgetAsync()
    {
        _announced = null;
        await state.ReadStateAsync();
        await UpgradeStateAsync();
    }
}
