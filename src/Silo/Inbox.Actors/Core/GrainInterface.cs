using System.Reflection;

namespace Inbox.Actors;

/// <summary>A grain interface bound to its one implementation, with a compiled invoker per method.</summary>
internal sealed class GrainInterface
{
    private readonly Dictionary<MethodInfo, GrainMethod> _methods;

    public GrainInterface(Type type, GrainClass grainClass)
    {
        Type = type;
        Class = grainClass;
        _methods = new[] { type }.Concat(type.GetInterfaces())
            .Where(i => i != typeof(IGrain) && typeof(IGrain).IsAssignableFrom(i))
            .SelectMany(i => i.GetMethods())
            .ToDictionary(m => m, GrainMethod.Create);
    }

    public Type Type { get; }

    public GrainClass Class { get; }

    public GrainMethod Find(MethodInfo method) => _methods.TryGetValue(method, out var found)
        ? found
        : throw new InvalidOperationException($"{method.Name} is not a method of grain interface {Type.Name}.");
}
