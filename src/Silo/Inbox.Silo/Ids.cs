namespace Inbox.Silo;

/// <summary>Opaque ids: a short kind prefix and 24 random hex digits ("cnv_3f9a…").</summary>
public static class Ids
{
    public static string New(string kind) => $"{kind}_{Guid.NewGuid().ToString("N")[..24]}";
}
