using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Storage;

/// <summary>What a host adds to Inbox storage: its own schema steps, applied after this project's.</summary>
public sealed class InboxStorageBuilder(IServiceCollection services)
{
    /// <summary>Applies <paramref name="assembly"/>'s embedded <c>migrations/NNNN_name.{sqlite|postgres}.sql</c> at start, recorded under its name.</summary>
    public InboxStorageBuilder AddMigrationsFrom(Assembly assembly)
    {
        services.AddSingleton(new MigrationSource(assembly));
        return this;
    }
}
