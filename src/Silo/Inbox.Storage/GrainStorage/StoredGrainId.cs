namespace Inbox.Storage;

/// <summary>
/// How a grain id is spelled in our tables: its type and its key as text, the same columns the old
/// runtime wrote (<c>grain_type</c>, <c>grain_key</c>), so rows on disk keep their owners.
/// Keyed by both, two grain types never share a row, and a key is compared as the text it is
/// ("020235" is not "20235").
/// </summary>
internal static class StoredGrainId
{
    public static string Type(GrainId id) => id.Type.ToString()!;

    public static string Key(GrainId id) => id.Key.ToString();

    public static GrainId Parse(string type, string key) => GrainId.Create(type, key);
}
