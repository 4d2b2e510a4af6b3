using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Actors;

public static class ActorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo to this host: the grain runtime, durable state on the configured store
    /// ("Inbox:Storage:Provider" = Sqlite | Postgres, "ConnectionStrings:Inbox"), durable jobs,
    /// and a hosted service that migrates the schema at start and deactivates every grain at stop.
    /// </summary>
    public static IServiceCollection AddActors(this IServiceCollection services, Action<ActorsBuilder> configure)
    {
        var builder = new ActorsBuilder();
        configure(builder);

        services.AddOptions<ActorsOptions>().BindConfiguration("Inbox:Actors").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ActorsOptions>, ActorsOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<RuntimeMetrics>();
        services.AddOptions<JobOptions>().BindConfiguration("Inbox:Jobs");
        services.AddOptions<StorageOptions>().BindConfiguration("Inbox:Storage")
            .Configure<IConfiguration>((o, c) => o.ConnectionString ??= c.GetConnectionString("Inbox"))
            .Validate(o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Inbox:Storage:Provider is Postgres, so ConnectionStrings:Inbox must name the PostgreSQL database.")
            .Validate(o => o.MaxBatch >= 1, "Inbox:Storage:MaxBatch must be at least 1.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GrainRegistry(builder.Assemblies));
        services.AddSingleton<Catalog>();
        services.AddSingleton(sp => sp.GetRequiredService<Catalog>().GrainFactory);
        services.AddSingleton(CreateDatabase);
        services.AddSingleton<GroupCommitter>();
        services.AddSingleton<StateStore>();
        services.AddSingleton<DurableJobs>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<Migrator>();
        services.AddSingleton(new MigrationSource(typeof(Grain).Assembly));
        foreach (var assembly in builder.Assemblies) services.AddSingleton(new MigrationSource(assembly));
        services.AddHostedService<SiloHost>();
        return services;
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
