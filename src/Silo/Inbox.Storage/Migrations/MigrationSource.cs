using System.Reflection;

namespace Inbox.Storage;

/// <summary>
/// An assembly whose embedded resources <c>migrations/NNNN_name.{sqlite|postgres}.sql</c> hold schema
/// steps. A step is recorded as applied under <c>{Name}/NNNN_name</c>; <see cref="Name"/> is the
/// assembly's name unless given, so a step keeps its id when its scripts move to another assembly.
/// </summary>
public sealed record MigrationSource(Assembly Assembly, string? Name = null)
{
    /// <summary>
    /// This project's own steps. They were first applied by the Inbox.Actors runtime and recorded under
    /// its name; keeping that name is what lets a database it migrated count as migrated here.
    /// </summary>
    internal static MigrationSource Storage { get; } = new(typeof(MigrationSource).Assembly, "Inbox.Actors");

    public string Prefix => Name ?? Assembly.GetName().Name!;

    internal IEnumerable<(string Id, string Sql)> Scripts(string dialect) => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith($".{dialect}.sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(n => ($"{Prefix}/{n["migrations/".Length..^$".{dialect}.sql".Length]}", Read(n)));

    private string Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
