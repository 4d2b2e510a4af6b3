using System.Globalization;

namespace Inbox.Actors;

/// <summary>Typed keys are stored as strings; these are their canonical spellings.</summary>
public static class GrainKeys
{
    public static string From(Guid key) => key.ToString("N");

    public static string From(long key) => key.ToString(CultureInfo.InvariantCulture);

    public static string GetPrimaryKeyString(this Grain grain) => grain.GrainId.Key;

    public static Guid GetPrimaryKey(this Grain grain) => Guid.ParseExact(grain.GrainId.Key, "N");

    public static long GetPrimaryKeyLong(this Grain grain) => long.Parse(grain.GrainId.Key, CultureInfo.InvariantCulture);
}
