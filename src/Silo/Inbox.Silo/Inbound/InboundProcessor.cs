using Inbox.Actors;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Inbound;

/// <summary>
/// The entry point for connectors: a batch (one webhook's events) is processed event by event, in
/// order, and the call returns only when every event is committed. A failure throws, the connector
/// answers non-2xx, the provider redelivers the whole batch, and dedupe makes that harmless.
/// </summary>
public sealed class InboundProcessor(IGrainFactory grains, StatusApplier statuses, UnroutedInbox unrouted, RouteCache routes)
{
    public async Task<IReadOnlyList<InboundOutcome>> ProcessAsync(IReadOnlyList<InboundEvent> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<InboundOutcome>(batch.Count);
        foreach (var inbound in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(await ProcessAsync(inbound));
        }
        return outcomes;
    }

    public async Task<InboundOutcome> ProcessAsync(InboundEvent inbound)
    {
        Validate(inbound);
        if (!TryNumberKey(inbound, out var key)) return await Unrouted(inbound);
        var number = grains.GetGrain<INumberGrain>(key.ToString());
        if (inbound.Kind == InboundKind.Status)
        {
            if (await number.Get() is null) return await Unrouted(inbound);
            return await statuses.ApplyAsync(key.ToString(), inbound.ProviderMessageId!, inbound.Status!.Value, inbound.ErrorCode, inbound.ErrorReason, inbound.ProviderTimestamp);
        }
        var target = Known(key, inbound) ?? await number.Route(inbound.SenderAddress, inbound.SenderName);
        if (target is null) return await Unrouted(inbound);
        return await grains.GetGrain<IConversationGrain>(target.ConversationId).Receive(target, inbound);
    }

    /// <summary>A route the number grain made before, when the sender's address is already in canonical form.</summary>
    private ConversationTarget? Known(NumberKey key, InboundEvent inbound) =>
        routes.TryGet(key.ToString(), inbound.SenderAddress, out var target) ? target : null;

    private async Task<InboundOutcome> Unrouted(InboundEvent inbound)
    {
        await unrouted.RecordAsync(inbound);
        return InboundOutcome.Unrouted;
    }

    private static bool TryNumberKey(InboundEvent inbound, out NumberKey key)
    {
        try
        {
            key = new NumberKey(inbound.Channel, NumberRules.CanonicalAddress(inbound.Channel, inbound.NumberAddress));
            return true;
        }
        catch (DomainException)
        {
            key = default;
            return false;
        }
    }

    private static void Validate(InboundEvent inbound)
    {
        if (string.IsNullOrWhiteSpace(inbound.DedupeKey)) throw Refuse.Invalid("missing_dedupe_key", "An inbound event needs a dedupe key.");
        if (string.IsNullOrWhiteSpace(inbound.NumberAddress) || string.IsNullOrWhiteSpace(inbound.SenderAddress))
            throw Refuse.Invalid("missing_address", "An inbound event needs the number's and the sender's addresses.");
        if (inbound.Kind == InboundKind.Status && (inbound.Status is null || string.IsNullOrWhiteSpace(inbound.ProviderMessageId)))
            throw Refuse.Invalid("bad_status", "A status event needs the status and the provider message id.");
    }
}
