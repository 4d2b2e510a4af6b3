using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inbox.Web.Health;

public static class HealthEndpoints
{
    public static IServiceCollection AddInboxHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    /// <summary>GET /health: 200 "Healthy" when the store answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapInboxHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health");
        return endpoints;
    }
}

internal sealed class StorageHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.Provider} answers");
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} does not answer", error);
        }
    }
}
