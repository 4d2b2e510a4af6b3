using System.Reflection;

namespace Inbox.Actors;

/// <summary>
/// The proxy behind a typed grain reference. It keeps the activation it last reached, so a call
/// costs a dictionary look-up of the method and the activation's admission check.
/// </summary>
public class GrainReference : DispatchProxy
{
    private Catalog _catalog = null!;
    private GrainInterface _interface = null!;
    private ActivationData? _activation;

    public GrainId GrainId { get; private set; }

    internal GrainReference Clone() => (GrainReference)MemberwiseClone();

    internal void Initialize(Catalog catalog, GrainInterface grainInterface, GrainId id)
    {
        _catalog = catalog;
        _interface = grainInterface;
        _activation = null;
        GrainId = id;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = _interface.Find(targetMethod!);
        args ??= [];
        var activation = _activation;
        if (activation is null || !activation.IsAcceptingCalls)
        {
            // Where a stopping silo will not activate the grain, the call's task carries the reason instead of the call throwing.
            if ((activation = _catalog.TryGetOrCreate(GrainId, _interface.Class)) is null) return method.CallViaCatalog(this, args);
            _activation = activation;
        }
        return activation.TryInvoke(method, args) ?? method.CallViaCatalog(this, args);
    }

    /// <summary>An activation that accepts calls, waiting out one that is deactivating.</summary>
    internal async ValueTask<ActivationData> ResolveAsync()
    {
        while (true)
        {
            var activation = _catalog.GetOrCreate(GrainId, _interface.Class);
            if (activation.IsAcceptingCalls) return _activation = activation;
            await activation.Deactivated;
        }
    }

    public override string ToString() => $"GrainReference({GrainId})";
}
