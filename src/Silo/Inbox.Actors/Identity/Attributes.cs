namespace Inbox.Actors;

/// <summary>Pins a grain class's durable type name (the default is the class name without "Grain").</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Any request may interleave with this grain's other requests at their await points.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>This interface method interleaves with any other request.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>This interface method changes no state, so it interleaves with other read-only requests.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Overrides the silo's response timeout for one interface method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Marks a constructor parameter of type <see cref="IPersistentState{TState}"/> with its state name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    public string StateName { get; } = stateName;
}
