using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Inbound;

/// <summary>
/// The entry point for connectors: a batch (one webhook's events) is processed event by event, in
/// order, and the call returns only when every event is committed or kept in unrouted, each with its
/// own outcome. An event the rules refuse (a <see cref="DomainException"/>) never fails the batch:
/// providers redeliver a refused batch for days and the events after it would never run. Anything
/// else (the database is down) throws, the connector answers non-2xx, the provider redelivers the
/// whole batch, and dedupe makes that harmless.
/// </summary>
public sealed class InboundProcessor(IGrainFactory grains, StatusApplier statuses, UnroutedInbox unrouted, RouteCache routes)
{
    public async Task<IReadOnlyList<InboundResult>> ProcessAsync(IReadOnlyList<InboundEvent> batch, CancellationToken cancellationToken = default)
    {
        var results = new List<InboundResult>(batch.Count);
        foreach (var inbound in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await ProcessAsync(inbound));
        }
        return results;
    }

    public async Task<InboundResult> ProcessAsync(InboundEvent inbound)
    {
        try
        {
            if (InboundChecks.Problem(inbound) is { } problem) throw problem;
            return await RouteAsync(inbound);
        }
        catch (DomainException refused)
        {
            await unrouted.RecordAsync(inbound, refused.Code, refused.Message);
            return new InboundResult(InboundOutcome.Invalid, refused.Code, refused.Message);
        }
    }

    private async Task<InboundResult> RouteAsync(InboundEvent inbound)
    {
        var key = new NumberKey(inbound.Channel, NumberRules.CanonicalAddress(inbound.Channel, inbound.NumberAddress));
        var number = grains.GetGrain<INumberGrain>(key.ToString());
        if (inbound.Kind == InboundKind.Status)
        {
            if (await number.Get() is null) return await Unrouted(inbound, key);
            return InboundResult.Of(await statuses.ApplyAsync(key.ToString(), inbound.ProviderMessageId!, inbound.Status!.Value,
                inbound.ErrorCode, inbound.ErrorReason, inbound.ProviderTimestamp));
        }
        var target = inbound.Chat == ChatKind.Group
            ? await number.RouteGroup(inbound.ChatId!, inbound.ChatTitle, inbound.SenderAddress, inbound.SenderName)
            : Known(key, inbound) ?? await number.Route(inbound.SenderAddress, inbound.SenderName);
        if (target is null) return await Unrouted(inbound, key);
        return InboundResult.Of(await grains.GetGrain<IConversationGrain>(target.ConversationId).Receive(target, inbound));
    }

    /// <summary>A route the number grain made before, when the sender's address is already in canonical form.</summary>
    private ConversationTarget? Known(NumberKey key, InboundEvent inbound) =>
        routes.TryGet(key.ToString(), inbound.SenderAddress, out var target) ? target : null;

    private async Task<InboundResult> Unrouted(InboundEvent inbound, NumberKey key)
    {
        const string code = "unknown_number";
        var reason = $"No brand has registered {key}.";
        await unrouted.RecordAsync(inbound, code, reason);
        return new InboundResult(InboundOutcome.Unrouted, code, reason);
    }
}
