using System.Reflection;

namespace Inbox.Actors;

/// <summary>The grain classes of the registered assemblies, by interface and by durable type name.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<Type, GrainInterface> _byInterface = [];
    private readonly Dictionary<string, GrainClass> _byName = [];
    private readonly Dictionary<Type, List<string>> _ambiguous = [];

    public GrainRegistry(IEnumerable<Assembly> assemblies)
    {
        var classes = assemblies.Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(Grain)))
            .Select(t => new GrainClass(t));
        foreach (var grainClass in classes)
        {
            if (!_byName.TryAdd(grainClass.Name, grainClass))
                throw new InvalidOperationException($"Two grain classes share the type name '{grainClass.Name}'; pin one with [GrainType].");
            foreach (var contract in grainClass.Type.GetInterfaces().Where(IsGrainInterface))
            {
                // An interface shared by several classes (a base contract) is reachable only through the derived ones.
                if (_ambiguous.TryGetValue(contract, out var names)) names.Add(grainClass.Type.Name);
                else if (_byInterface.Remove(contract, out var first)) _ambiguous[contract] = [first.Class.Type.Name, grainClass.Type.Name];
                else _byInterface.Add(contract, new GrainInterface(contract, grainClass));
            }
        }
    }

    internal GrainInterface ByInterface(Type contract) => _byInterface.TryGetValue(contract, out var found)
        ? found
        : _ambiguous.TryGetValue(contract, out var names)
            ? throw new InvalidOperationException($"{contract.Name} is implemented by {string.Join(", ", names)}; use an interface only one of them implements.")
            : throw new InvalidOperationException($"No grain class implements {contract.Name}; register its assembly with AddGrainsFrom.");

    internal GrainClass ByName(string name) => _byName.TryGetValue(name, out var found)
        ? found
        : throw new InvalidOperationException($"No grain class has the type name '{name}'.");

    private static bool IsGrainInterface(Type type) =>
        typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain)
        && type != typeof(IGrainWithStringKey) && type != typeof(IGrainWithGuidKey) && type != typeof(IGrainWithIntegerKey);
}
