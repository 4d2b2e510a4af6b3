using System.Reflection;

namespace Inbox.Actors;

/// <summary>Collects the assemblies whose grains and migrations the silo hosts.</summary>
public sealed class ActorsBuilder
{
    internal List<Assembly> Assemblies { get; } = [];

    /// <summary>Hosts the grain classes of <paramref name="assembly"/> and applies its embedded migrations.</summary>
    public ActorsBuilder AddGrainsFrom(Assembly assembly)
    {
        Assemblies.Add(assembly);
        return this;
    }
}
