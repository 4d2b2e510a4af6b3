using System.Reflection;

namespace Inbox.Actors;

internal sealed class GrainFactory(Catalog catalog, GrainRegistry registry) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => Create<TGrain>(key);

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey => Create<TGrain>(GrainKeys.From(key));

    public TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey => Create<TGrain>(GrainKeys.From(key));

    public TGrain GetGrain<TGrain>(GrainId id) where TGrain : IGrain
    {
        var grainInterface = registry.ByInterface(typeof(TGrain));
        if (grainInterface.Class.Name != id.Type)
            throw new ArgumentException($"{id} is not a grain behind {typeof(TGrain).Name}.", nameof(id));
        return Create<TGrain>(id.Key);
    }

    // Generating a proxy instance costs far more than a grain call; clone one prototype per interface instead.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, GrainReference> _prototypes = new();

    private TGrain Create<TGrain>(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainInterface = registry.ByInterface(typeof(TGrain));
        var prototype = _prototypes.GetOrAdd(typeof(TGrain), static _ => (GrainReference)(object)DispatchProxy.Create<TGrain, GrainReference>()!);
        var reference = prototype.Clone();
        reference.Initialize(catalog, grainInterface, new GrainId(grainInterface.Class.Name, key));
        return (TGrain)(object)reference;
    }
}
