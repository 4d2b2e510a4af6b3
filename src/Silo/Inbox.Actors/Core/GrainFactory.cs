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

    private TGrain Create<TGrain>(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainInterface = registry.ByInterface(typeof(TGrain));
        var proxy = DispatchProxy.Create<TGrain, GrainReference>();
        ((GrainReference)(object)proxy!).Initialize(catalog, grainInterface, new GrainId(grainInterface.Class.Name, key));
        return proxy;
    }
}
