using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Actors;

/// <summary>What the runtime knows of one grain implementation: its durable name, its
/// interleaving and how to build an instance with its persistent states.</summary>
internal sealed class GrainClass
{
    private readonly ConstructorInfo _constructor;
    private readonly Func<IServiceProvider, GrainId, object>[] _arguments;

    public GrainClass(Type type)
    {
        if (!type.IsSubclassOf(typeof(Grain)) || type.IsAbstract)
            throw new InvalidOperationException($"{type.Name} must be a concrete class derived from Grain.");
        Type = type;
        Name = type.GetCustomAttribute<GrainTypeAttribute>()?.Name
            ?? (type.Name.EndsWith("Grain", StringComparison.Ordinal) && type.Name.Length > 5 ? type.Name[..^5] : type.Name);
        Reentrant = type.IsDefined(typeof(ReentrantAttribute), inherit: false);
        var constructors = type.GetConstructors();
        if (constructors.Length != 1)
            throw new InvalidOperationException($"{type.Name} must have exactly one public constructor.");
        _constructor = constructors[0];
        _arguments = _constructor.GetParameters().Select(Argument).ToArray();
    }

    public Type Type { get; }

    public string Name { get; }

    public bool Reentrant { get; }

    /// <summary>A new instance, and the persistent states it was given (read before it activates).</summary>
    public (Grain Grain, IStateLoader[] States) Create(IServiceProvider services, GrainId id)
    {
        var args = new object[_arguments.Length];
        for (var i = 0; i < args.Length; i++) args[i] = _arguments[i](services, id);
        return ((Grain)_constructor.Invoke(args), args.OfType<IStateLoader>().ToArray());
    }

    private static Func<IServiceProvider, GrainId, object> Argument(ParameterInfo parameter)
    {
        var state = parameter.GetCustomAttribute<PersistentStateAttribute>();
        var type = parameter.ParameterType;
        if (state is null) return (services, _) => services.GetRequiredService(type);
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new InvalidOperationException($"[PersistentState] parameter {parameter.Name} must be an IPersistentState<T>.");
        var concrete = typeof(PersistentState<>).MakeGenericType(type.GenericTypeArguments[0]);
        var name = state.StateName;
        return (services, id) => Activator.CreateInstance(concrete, id, name, services.GetRequiredService<StateStore>())!;
    }
}
