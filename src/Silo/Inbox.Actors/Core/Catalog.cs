using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Actors;

/// <summary>
/// The silo's directory of activations: one per grain identity, created by the first call,
/// removed by deactivation. Also runs idle collection and the bound on live activations.
/// </summary>
public sealed class Catalog : IDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainRegistry _registry;
    private ITimer? _collector;
    private int _count;
    private int _evicting;
    private volatile bool _stopping;

    public Catalog(IServiceProvider services, GrainRegistry registry, IOptions<ActorsOptions> options, TimeProvider time, ILogger<Catalog> logger)
    {
        Services = services;
        _registry = registry;
        Options = options.Value;
        Time = time;
        Log = logger;
        ResponseTimeouts = new ResponseTimeouts(time, Options.ResponseTimeout, Options.ResponseTimeoutScanPeriod);
        GrainFactory = new GrainFactory(this, registry);
    }

    public IGrainFactory GrainFactory { get; }

    public int Count => Volatile.Read(ref _count);

    internal IServiceProvider Services { get; }

    internal ActorsOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Log { get; }

    internal ResponseTimeouts ResponseTimeouts { get; }

    internal void Start() =>
        _collector = Time.CreateTimer(static s => ((Catalog)s!).CollectIdle(), this, Options.CollectionQuantum, Options.CollectionQuantum);

    /// <summary>The existing activation, or a new one; none once the silo is stopping (<see cref="SiloUnavailableException"/>).</summary>
    internal ActivationData GetOrCreate(GrainId id, GrainClass grainClass) =>
        TryGetOrCreate(id, grainClass) ?? throw new SiloUnavailableException($"The silo is stopping: {id} is not activated again here.");

    /// <summary>Like <see cref="GetOrCreate"/>, but null where the stopping silo will not activate the grain.</summary>
    internal ActivationData? TryGetOrCreate(GrainId id, GrainClass grainClass)
    {
        if (_activations.TryGetValue(id, out var existing)) return existing;
        if (_stopping) return null;
        var created = new ActivationData(this, grainClass, id) { LastActivityTicks = Time.GetUtcNow().UtcTicks };
        var winner = _activations.GetOrAdd(id, created);
        if (!ReferenceEquals(winner, created)) return winner;
        created.RequestActivation();
        if (Interlocked.Increment(ref _count) > Options.MaxActivations && Interlocked.Exchange(ref _evicting, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.EvictLeastRecentlyUsed(), this, preferLocal: false);
        return winner;
    }

    internal void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
            Interlocked.Decrement(ref _count);
    }

    /// <summary>Runs runtime work (a durable job) as a request of the grain, activating it if needed.</summary>
    internal async Task InvokeAsync(GrainId id, Func<Grain, Task> body)
    {
        var grainClass = _registry.ByName(id.Type);
        while (true)
        {
            var activation = GetOrCreate(id, grainClass);
            var request = new ActionRequest(body, Interleave.None);
            if (activation.TryEnqueue(request))
            {
                await request.Completion;
                return;
            }
            await activation.Deactivated;
        }
    }

    internal void Forward(GrainId id, GrainClass grainClass, Request request)
    {
        while (true)
        {
            // A stopping silo fails the call instead: a new activation would run after its storage is gone.
            var next = TryGetOrCreate(id, grainClass);
            if (next is null) request.Fail(new SiloUnavailableException($"The silo stopped before {id} could take the call."));
            if (next is null || next.TryEnqueue(request)) return;
        }
    }

    /// <summary>Deactivates every activation, waiting for OnDeactivateAsync to finish.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _collector?.Dispose();
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is stopping");
        var all = _activations.Values.ToArray();
        foreach (var activation in all) activation.RequestDeactivation(reason);
        await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
    }

    private void CollectIdle()
    {
        var now = Time.GetUtcNow().UtcTicks;
        var reason = new DeactivationReason(DeactivationReasonCode.IdleCollection, "idle for the collection age");
        foreach (var activation in _activations.Values)
        {
            if (Stamp(activation, now)) continue;
            if (now - activation.LastActivityTicks >= Options.CollectionAge.Ticks)
                activation.TryDeactivateIdle(reason, now);
        }
    }

    /// <summary>Turns the cheap per-call flag into a time; true when the activation was used since the last look.</summary>
    private static bool Stamp(ActivationData activation, long now)
    {
        if (!activation.Touched) return false;
        activation.Touched = false;
        activation.LastActivityTicks = now;
        return true;
    }

    private void EvictLeastRecentlyUsed()
    {
        try
        {
            var now = Time.GetUtcNow().UtcTicks;
            var target = Options.MaxActivations - Math.Max(1, Options.MaxActivations / 10);
            var excess = Count - target;
            if (excess <= 0) return;
            var reason = new DeactivationReason(DeactivationReasonCode.ActivationLimit, "the live activation bound was reached");
            var candidates = _activations.Values.ToArray();
            foreach (var activation in candidates) Stamp(activation, now);
            Array.Sort(candidates, static (a, b) => a.LastActivityTicks.CompareTo(b.LastActivityTicks));
            foreach (var activation in candidates)
            {
                if (excess <= 0) break;
                if (activation.TryDeactivateIdle(reason, now)) excess--;
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    public void Dispose()
    {
        _collector?.Dispose();
        ResponseTimeouts.Dispose();
    }
}
