namespace Inbox.Actors;

/// <summary>The identity of a grain: its type name and its key. Keys are scoped per type.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
