using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Inbox.Storage;

public static class InboxStorageSiloBuilderExtensions
{
    /// <summary>
    /// Makes our store the silo's default grain storage ("Default"): SQLite or PostgreSQL
    /// ("Inbox:Storage:Provider", "ConnectionStrings:Inbox", "Inbox:Storage:MaxBatch"), rows kept apart
    /// by Orleans' <c>ClusterOptions.ServiceId</c>; with units of work, durable jobs ("Inbox:Jobs") and
    /// the schema migrated before the silo starts.
    /// </summary>
    public static ISiloBuilder AddInboxStorage(this ISiloBuilder silo, Action<InboxStorageBuilder>? configure = null)
    {
        var services = silo.Services;
        configure?.Invoke(new InboxStorageBuilder(services));

        services.AddOptions<StorageOptions>().BindConfiguration("Inbox:Storage")
            .Configure<IConfiguration>((o, c) => o.ConnectionString ??= c.GetConnectionString("Inbox"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<JobOptions>().BindConfiguration("Inbox:Jobs").ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobOptions>, JobOptionsValidator>();
        services.AddMetrics();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AppClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(CreateDatabase);
        services.AddSingleton<GroupCommitter>();
        services.AddSingleton<StateStore>();
        services.AddSingleton<DurableJobs>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<SchemaGate>();
        services.AddSingleton<StorageMetrics>();
        services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => ActivatorUtilities.CreateInstance<InboxGrainStorage>(sp));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageLifecycle>();
        return silo;
    }

    private static Database CreateDatabase(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (options.Provider == StorageProvider.Postgres) return new PostgresDatabase(options.ConnectionString!);
        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"Data Source={Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, "data", "inbox.db")}"
            : options.ConnectionString;
        return new SqliteDatabase(connectionString, services.GetService<ILogger<SqliteDatabase>>());
    }
}
