using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Silo.Events;

/// <summary>
/// Live events across the cluster, as one node sees them. A grain publishes after its commit: the event
/// goes straight to this node's subscribers (<see cref="LocalEvents"/>, as on one node) and, in order and
/// without holding up the grain's turn, to its brand's <see cref="IEventRelayGrain"/>, which hands it to
/// the other nodes watching the brand. A node watches a brand while a subscriber here does, and renews
/// that every <see cref="LiveEventsOptions.RenewEvery"/> (which also heals a relay that forgot it).
/// Nothing is durable: docs/live-events.md has the contract.
/// </summary>
public sealed partial class InboxEvents : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainFactory _grains;
    private readonly LiveEventsOptions _options;
    private readonly ILogger<InboxEvents> _logger;
    private readonly LocalEvents _local = new();
    private readonly TaskCompletionSource<INodeEvents> _self = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, OrderedSender<InboxEvent>> _toRelays = new(StringComparer.Ordinal);
    private INodeEvents? _ear;

    public InboxEvents(IGrainFactory grains, IOptions<LiveEventsOptions> options, ILogger<InboxEvents> logger)
    {
        (_grains, _options, _logger) = (grains, options.Value, logger);
        // Orleans holds an observer weakly: this property is what keeps the node's ear alive.
        Ear = new NodeEar(_local);
    }

    private NodeEar Ear { get; }

    /// <summary>Events relays sent this node since it started.</summary>
    public long Heard => Interlocked.Read(ref Ear.Heard);

    /// <summary>
    /// Of <see cref="Heard"/>, those of a brand no subscriber here watched: sent after the last one left and before the
    /// relay heard, or (what must never grow) sent to a node that never watched the brand.
    /// </summary>
    public long HeardUnwatched => Interlocked.Read(ref Ear.HeardUnwatched);

    /// <summary>
    /// The node's ear is made once the silo is active: Orleans refuses to make an observer reference inside a grain's
    /// turn ("Cannot create a local object reference from a grain"), where the first publish may happen. Renewals run
    /// from then until the silo stops.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe("Inbox.Silo.Events", ServiceLifecycleStage.Active, Start, Stop);

    public void Publish(InboxEvent @event)
    {
        _local.Deliver(@event);
        _toRelays.GetOrAdd(@event.BrandId, ToRelay).Enqueue([@event]);
    }

    /// <summary>
    /// Subscribes to one brand's events, wherever in the cluster they are published; returns once this node
    /// is registered for them, so every event committed after that reaches <paramref name="handler"/>.
    /// </summary>
    public async Task<IDisposable> SubscribeAsync(string brandId, Func<InboxEvent, ValueTask> handler)
    {
        var subscription = _local.Subscribe(brandId, handler, Unwatched);
        try
        {
            await Relay(brandId).Watch(await _self.Task);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
        return subscription;
    }

    private Task Start(CancellationToken cancellationToken)
    {
        var ear = _grains.CreateObjectReference<INodeEvents>(Ear);
        Volatile.Write(ref _ear, ear);
        _self.TrySetResult(ear);
        _ = RenewAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    // The source is not disposed: a renewal may still be looking at its token, and it holds nothing to free.
    private Task Stop(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private IEventRelayGrain Relay(string brandId) => _grains.GetGrain<IEventRelayGrain>(brandId);

    /// <summary>
    /// This node's publishing to one brand's relay, in order and off the publishing grain's turn. Before the silo is
    /// active there is no ear yet, and no node can have registered it: then nothing is skipped.
    /// </summary>
    private OrderedSender<InboxEvent> ToRelay(string brandId) => new(
        batch => Relay(brandId).Publish(Volatile.Read(ref _ear)?.GetGrainId() ?? default, batch),
        LocalEvents.DefaultCapacity, error => LogRelayFailed(_logger, error, brandId), offCallersThread: true);

    private void Unwatched(string brandId) => _ = UnwatchAsync(brandId);

    private async Task UnwatchAsync(string brandId)
    {
        try
        {
            var self = await _self.Task;
            await Relay(brandId).Unwatch(self);
            // A subscriber that came meanwhile may have registered before this arrived: register again.
            if (_local.Watches(brandId)) await Relay(brandId).Watch(self);
        }
        catch (Exception error)
        {
            LogRelayFailed(_logger, error, brandId);
        }
    }

    private async Task RenewAsync(CancellationToken stopping)
    {
        var self = await _self.Task;
        using var timer = new PeriodicTimer(_options.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var brandId in _local.Brands)
                {
                    try
                    {
                        await Relay(brandId).Watch(self);
                    }
                    catch (Exception error) when (!stopping.IsCancellationRequested)
                    {
                        LogRelayFailed(_logger, error, brandId);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The node is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live events of brand {BrandId} could not reach its relay; the next renewal tries again")]
    private static partial void LogRelayFailed(ILogger logger, Exception error, string brandId);

    /// <summary>What relays call on this node: delivered here only, never relayed again.</summary>
    private sealed class NodeEar(LocalEvents local) : INodeEvents
    {
        public long Heard;
        public long HeardUnwatched;

        public Task OnEvents(InboxEvent[] events)
        {
            foreach (var @event in events)
            {
                Interlocked.Increment(ref Heard);
                if (!local.Deliver(@event)) Interlocked.Increment(ref HeardUnwatched);
            }
            return Task.CompletedTask;
        }
    }
}
