using Microsoft.Extensions.Logging.Abstractions;

namespace Inbox.Benchmarks;

internal static class Schema
{
    /// <summary>The app's own schema (runtime and domain migrations), so bare runs write the same tables as the real path.</summary>
    public static Task CreateAsync(Database database) =>
        new Migrator(database, [new MigrationSource(typeof(Inbox.Silo.Ids).Assembly)],
            TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
}
